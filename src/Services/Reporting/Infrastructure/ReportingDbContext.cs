using Clearhours.Messaging;
using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Infrastructure;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportingDbContext).Assembly);
    }
}

public sealed class ReportingDbContextFactory : DesignTimeDbContextFactory<ReportingDbContext>;
