using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Infrastructure;

public sealed class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class TasksDbContextFactory : DesignTimeDbContextFactory<TasksDbContext>;
