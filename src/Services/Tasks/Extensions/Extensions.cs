using Clearhours.Messaging;
using Clearhours.Persistence;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Consumers;
using Clearhours.Tasks.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clearhours.Tasks.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TasksDbContext>("tasksdb");
        builder.AddMessaging<TasksDbContext>("tasks", bus =>
        {
            bus.AddConsumer<ReportClaimsChangedConsumer>();
            bus.AddConsumer<ReportApprovedConsumer>();
            bus.AddConsumer<ReportCancelledConsumer>();
            bus.AddConsumer<ReportPaidConsumer>();
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddExceptionHandler<ConflictHandler>();
    }

    public static void MapApplicationApis(this RouteGroupBuilder app)
    {
        app.MapCompaniesApi();
        app.MapProjectsApi();
        app.MapTasksApi();
        app.MapTimeEntriesApi();
        app.MapImportApi();
    }
}
