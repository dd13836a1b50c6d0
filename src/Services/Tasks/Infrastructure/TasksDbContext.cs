using Clearhours.Messaging;
using Clearhours.Persistence;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Infrastructure;

public sealed class TasksDbContext(DbContextOptions<TasksDbContext> options) : DbContext(options)
{
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectTask> Tasks => Set<ProjectTask>();
    public DbSet<TimeEntry> TimeEntries => Set<TimeEntry>();
    public DbSet<WorkType> WorkTypes => Set<WorkType>();
    public DbSet<WorkflowStatus> Statuses => Set<WorkflowStatus>();
    public DbSet<ReportLock> ReportLocks => Set<ReportLock>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TasksDbContext).Assembly);
    }
}

public sealed class TasksDbContextFactory : DesignTimeDbContextFactory<TasksDbContext>;
