using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests;

/// <summary>Invoices in the real database: the number series, the one-live-invoice rule and the ledger.</summary>
public sealed class InvoiceStoreTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string Format = "СЧ-{0}-{1:D4}";
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync("billing");
        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Twenty_concurrent_issues_with_some_rolled_back_leave_a_series_without_gaps_or_duplicates()
    {
        var issues = Enumerable.Range(0, 20).Select(i => IssueAsync(rollBack: i % 4 == 3));

        var numbers = await Task.WhenAll(issues);

        await using var db = NewDbContext();
        var stored = await db.Invoices.Where(i => i.Year == 2026).OrderBy(i => i.Sequence).Select(i => i.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 15).Select(n => $"СЧ-2026-{n:D4}"), stored);
        Assert.Equal(stored.Order(), numbers.OfType<string>().Order());
    }

    [Fact]
    public async Task Each_year_starts_its_own_series_at_one()
    {
        await using var db = NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var first2030 = await db.NextAsync("invoice", Format, 2030, CancellationToken.None);
        var second2030 = await db.NextAsync("invoice", Format, 2030, CancellationToken.None);
        var first2031 = await db.NextAsync("invoice", Format, 2031, CancellationToken.None);
        var creditNote = await db.NextAsync("credit-note", "КН-{0}-{1:D4}", 2030, CancellationToken.None);

        Assert.Equal(["СЧ-2030-0001", "СЧ-2030-0002", "СЧ-2031-0001", "КН-2030-0001"],
            new[] { first2030, second2030, first2031, creditNote }.Select(n => n.Text));
    }

    [Fact]
    public async Task A_number_is_never_taken_outside_a_transaction()
    {
        await using var db = NewDbContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.NextAsync("invoice", Format, 2026, CancellationToken.None));
    }

    [Fact]
    public async Task An_invoice_keeps_its_client_lines_and_ledger_and_a_report_has_one_live_invoice()
    {
        var invoice = InvoiceTests.Issued(sequence: 900);
        invoice.Apply(100m, "BYN", "bank PP-1", "bank", DateTimeOffset.UtcNow);
        await using (var db = NewDbContext())
        {
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
        }

        await using (var db = NewDbContext())
        {
            var stored = await db.Invoices.Include(i => i.Ledger).SingleAsync(i => i.Id == invoice.Id);
            Assert.Equal(invoice.Client, stored.Client);
            Assert.Equal(invoice.Lines, stored.Lines);
            Assert.Equal((1234.50m, 100m, InvoiceStatus.PartiallyPaid), (stored.Total, stored.PaidAmount, stored.Status));
            Assert.Equal([LedgerKind.Issued, LedgerKind.PaymentApplied], stored.Ledger.OrderBy(e => e.No).Select(e => e.Kind));

            db.Invoices.Add(InvoiceTests.Issued(sequence: 901, reportId: invoice.ReportId));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    private async Task<string?> IssueAsync(bool rollBack)
    {
        await using var db = NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var number = await db.NextAsync("invoice", Format, 2026, CancellationToken.None);
        var invoice = InvoiceTests.Issued(sequence: number.Sequence);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        if (rollBack)
        {
            await transaction.RollbackAsync();
            return null;
        }

        await transaction.CommitAsync();
        return invoice.Number;
    }

    private BillingDbContext NewDbContext() => new(new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql(_database).Options);
}
