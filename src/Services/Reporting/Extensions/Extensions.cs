using Clearhours.Messaging;
using Clearhours.Persistence;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Consumers;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearhours.Reporting.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddMessaging<ReportingDbContext>("reporting", bus =>
        {
            bus.AddConsumer<CompanyChangedConsumer>();
            bus.AddConsumer<ProjectChangedConsumer>();
            bus.AddConsumer<TaskChangedConsumer>();
            bus.AddConsumer<TimeEntryRecordedConsumer>();
            bus.AddConsumer<TimeEntryChangedConsumer>();
            bus.AddConsumer<TimeEntryRemovedConsumer>();
            bus.AddConsumer<InvoiceIssuedConsumer>();
            bus.AddConsumer<InvoicePaidConsumer>();
            bus.AddConsumer<PaymentAppliedConsumer>();
            bus.AddConsumer<DocumentCreatedConsumer>();
            bus.AddConsumer<DocumentStatusChangedConsumer>();
            bus.AddConsumer<InvoiceCancelledConsumer>();
            bus.AddConsumer<TimeLockConfirmedConsumer>();
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ShareLinkOptions>()
            .Bind(builder.Configuration.GetSection("ShareLinks"))
            .Validate(options => options.Lifetime > TimeSpan.Zero, "ShareLinks:Lifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ShareLinks>();
        builder.Services.AddExceptionHandler<ReportConflictHandler>();
        builder.Services.AddSingleton<ReportingMetrics>();
        builder.Services.AddHostedService<ReportGauges>();
        builder.Services.AddHostedService<PreviewWarmUp>();
        builder.Services.AddSingleton<ReportChanges>();
        builder.Services.ConfigureDbContext<ReportingDbContext>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<ReportChanges>()));
    }

    /// <summary>Every API of the service, on the one root group that gives them the shared API defaults.</summary>
    public static RouteGroupBuilder MapApplicationApis(this RouteGroupBuilder api)
    {
        api.MapShareLinksApi();
        api.MapPreviewApi();
        api.MapReportsApi();
        api.MapReportLinesApi();
        api.MapReportLifeApi();
        api.MapNotificationsApi();
        return api;
    }
}
