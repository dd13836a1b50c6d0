using Clearhours.Messaging;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Infrastructure;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<ClientCompany> Companies => Set<ClientCompany>();
    public DbSet<ClientProject> Projects => Set<ClientProject>();
    public DbSet<WorkTask> Tasks => Set<WorkTask>();
    public DbSet<TrackedTime> TimeEntries => Set<TrackedTime>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportingDbContext).Assembly);
    }
}

public sealed class ReportingDbContextFactory : DesignTimeDbContextFactory<ReportingDbContext>;
