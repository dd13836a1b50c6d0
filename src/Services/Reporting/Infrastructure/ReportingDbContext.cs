using Clearhours.Messaging;
using Clearhours.Persistence;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Infrastructure;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public const string ReportNumberSequence = "report_numbers";

    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<ReportClaim> Claims => Set<ReportClaim>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ClientCompany> Companies => Set<ClientCompany>();
    public DbSet<ClientProject> Projects => Set<ClientProject>();
    public DbSet<WorkTask> Tasks => Set<WorkTask>();
    public DbSet<TrackedTime> TimeEntries => Set<TrackedTime>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportingDbContext).Assembly);
        modelBuilder.HasSequence<long>(ReportNumberSequence);
    }
}

public sealed class ReportingDbContextFactory : DesignTimeDbContextFactory<ReportingDbContext>;
