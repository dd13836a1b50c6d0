using Clearhours.Billing.Apis;
using Clearhours.Billing.Consumers;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Payments;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearhours.Billing.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<BillingDbContext>("billingdb");
        builder.AddMessaging<BillingDbContext>("billing", bus =>
        {
            bus.AddConsumer<CompanyChangedConsumer>();
            bus.AddConsumer<ReportApprovedConsumer>();
            bus.AddConsumer<ReportCancelledConsumer>();
            bus.AddConsumer<PaymentReceivedConsumer>();
            bus.AddConsumer<PaymentJsonConsumer>(typeof(PaymentJsonConsumerDefinition));
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddScoped<PaymentIntake>();
        builder.Services.TryAddScoped<InvoiceCancellation>();
        builder.Services.TryAddScoped<InvoiceIssuing>();
        builder.Services.AddOptions<BillingOptions>()
            .Bind(builder.Configuration.GetSection("Billing"))
            .Validate(options => !string.IsNullOrWhiteSpace(options.InvoiceNumberFormat), "Billing:InvoiceNumberFormat must not be empty.")
            .Validate(options => !string.IsNullOrWhiteSpace(options.CreditNoteNumberFormat), "Billing:CreditNoteNumberFormat must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BillingMetrics>();
        builder.Services.AddHostedService<PaymentGauges>();
        builder.Services.AddSingleton<BillingChanges>();
        builder.Services.ConfigureDbContext<BillingDbContext>((services, options) =>
            options.AddInterceptors(services.GetRequiredService<BillingChanges>()));
    }

    /// <summary>Every API of the service, on the one root group that gives them the shared API defaults.</summary>
    public static RouteGroupBuilder MapApplicationApis(this RouteGroupBuilder api)
    {
        api.MapInvoicesApi();
        api.MapPaymentsApi();
        api.MapCreditsApi();
        api.MapPaymentSourcesApi();
        return api;
    }
}
