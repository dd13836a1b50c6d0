using Clearhours.Messaging;
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
        // Added after WithApiDefaults, so it runs inside its problem writing and hands it the problem itself: that filter
        // looks at the value a handler returns, which for a Results<…> handler is the wrapper, not the problem.
        app.AddEndpointFilter(async (invocation, next) =>
        {
            var result = await next(invocation);
            return result is INestedHttpResult nested ? nested.Result : result;
        });
        app.MapCompaniesApi();
        app.MapProjectsApi();
        app.MapTasksApi();
        app.MapTimeEntriesApi();
        app.MapImportApi();
    }
}
