using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Infrastructure;

public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class ReportingDbContextFactory : DesignTimeDbContextFactory<ReportingDbContext>;
