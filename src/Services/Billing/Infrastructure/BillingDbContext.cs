using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Infrastructure;

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }
}

public sealed class BillingDbContextFactory : DesignTimeDbContextFactory<BillingDbContext>;
