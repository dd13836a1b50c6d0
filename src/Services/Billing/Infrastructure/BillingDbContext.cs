using Clearhours.Billing.Model;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Infrastructure;

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<BillingClient> Clients => Set<BillingClient>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<ClientCredit> Credits => Set<ClientCredit>();
    public DbSet<CancelledReport> CancelledReports => Set<CancelledReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BillingDbContext).Assembly);
    }
}

public sealed class BillingDbContextFactory : DesignTimeDbContextFactory<BillingDbContext>;
