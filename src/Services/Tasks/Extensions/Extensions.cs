using Clearhours.Messaging;
using Clearhours.Tasks.Infrastructure;

namespace Clearhours.Tasks.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<TasksDbContext>("tasksdb");
        builder.AddMessaging<TasksDbContext>("tasks");
    }
}
