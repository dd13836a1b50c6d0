using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests;

/// <summary>The one path of every payment, against the real database: once per (source, external id), matched, applied.</summary>
public sealed class PaymentIntakeTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static int _sequence;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync("payments");
        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_partial_payments_pay_the_invoice_and_only_the_second_announces_it_paid()
    {
        var invoice = await IssuedAsync(1000m);

        var first = await ReceiveAsync(Payment("PP-1", invoice.PaymentReference, 400m));
        var second = await ReceiveAsync(Payment("PP-2", invoice.Number, 600m));

        Assert.Equal((PaymentOutcomeKind.Applied, PaymentOutcomeKind.Applied), (first.Kind, second.Kind));
        var stored = await InvoiceAsync(invoice.Id);
        Assert.Equal((1000m, 0m, InvoiceStatus.Paid), (stored.PaidAmount, stored.Balance, stored.Status));
        Assert.Equal([400m, 600m], (await EventsAsync<PaymentApplied>(invoice.Id)).Select(e => e.Amount));
        Assert.Single(await EventsAsync<InvoicePaid>(invoice.Id));
    }

    [Fact]
    public async Task The_same_payment_sent_again_changes_nothing()
    {
        var invoice = await IssuedAsync(1000m);

        var first = await ReceiveAsync(Payment("PP-10", invoice.PaymentReference, 300m));
        var again = await ReceiveAsync(Payment("PP-10", invoice.PaymentReference, 300m));

        Assert.Equal(PaymentOutcomeKind.Duplicate, again.Kind);
        Assert.Equal(first.Payment.Id, again.Payment.Id);
        Assert.Equal(300m, (await InvoiceAsync(invoice.Id)).PaidAmount);
        Assert.Single(await EventsAsync<PaymentApplied>(invoice.Id));
    }

    [Fact]
    public async Task An_overpayment_pays_the_invoice_and_keeps_the_rest_as_the_clients_credit()
    {
        var invoice = await IssuedAsync(1000m);

        var outcome = await ReceiveAsync(Payment("PP-20", invoice.PaymentReference, 1250.75m));

        Assert.Equal((1000m, 250.75m), (outcome.Payment.AppliedAmount, outcome.Payment.CreditAmount));
        await using var db = NewDbContext();
        var credit = await db.Credits.Where(c => c.CompanyId == invoice.CompanyId && c.Currency == "BYN").SumAsync(c => c.Amount);
        Assert.Equal(250.75m, credit);
    }

    [Theory]
    [InlineData("RUB", null, "RUB")]
    [InlineData("BYN", "СЧ-1999-0001", "No invoice")]
    [InlineData("BYN", "typo", "check digits")]
    public async Task A_payment_in_another_currency_or_for_no_invoice_is_parked_with_the_reason(string currency, string? reference, string reason)
    {
        var invoice = await IssuedAsync(1000m);
        var given = reference switch
        {
            null => invoice.PaymentReference,
            "typo" => invoice.PaymentReference[..^1] + (invoice.PaymentReference[^1] == '0' ? '1' : '0'),
            _ => reference,
        };

        var outcome = await ReceiveAsync(Payment($"PP-{Guid.NewGuid():N}", given, 100m) with { Currency = currency });

        Assert.Equal(PaymentOutcomeKind.Unmatched, outcome.Kind);
        Assert.Contains(reason, outcome.Payment.UnmatchedReason);
        Assert.Equal(0m, (await InvoiceAsync(invoice.Id)).PaidAmount);
    }

    [Fact]
    public async Task A_payment_whose_reference_is_only_in_its_purpose_is_matched_by_it()
    {
        var invoice = await IssuedAsync(1000m);

        var outcome = await ReceiveAsync(Payment("PP-30", "б/н", 1000m) with
        {
            Purpose = $"Оплата за услуги по счёту, {invoice.PaymentReference}, без НДС",
        });

        Assert.Equal(PaymentOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(InvoiceStatus.Paid, (await InvoiceAsync(invoice.Id)).Status);
    }

    [Fact]
    public async Task Twenty_payments_for_one_invoice_at_the_same_moment_all_count_and_duplicates_among_them_once()
    {
        var invoice = await IssuedAsync(1000m);
        var payments = Enumerable.Range(0, 20).Select(i => Payment($"PP-C{i % 15}", invoice.PaymentReference, 60m)).ToList();

        var outcomes = await Task.WhenAll(payments.Select(p => Task.Run(() => ReceiveAsync(p))));

        Assert.Equal(15, outcomes.Count(o => o.Kind == PaymentOutcomeKind.Applied));
        var stored = await InvoiceAsync(invoice.Id);
        Assert.Equal((900m, 100m, InvoiceStatus.PartiallyPaid), (stored.PaidAmount, stored.Balance, stored.Status));
        Assert.Equal(15, (await EventsAsync<PaymentApplied>(invoice.Id)).Count);
    }

    [Fact]
    public async Task A_payment_naming_its_invoice_by_number_in_lower_case_finds_it_through_the_index_on_the_upper_case_number()
    {
        var invoice = await IssuedAsync(1000m);

        var outcome = await ReceiveAsync(Payment("PP-N1", $"  {invoice.Number.ToLowerInvariant()} ", 1000m));

        Assert.Equal(PaymentOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(invoice.Id, outcome.Payment.InvoiceId);
        // However many invoices there are, the lookup reads one row: the plan uses the expression index, not a scan.
        await using var db = NewDbContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        var plan = await db.Database.SqlQuery<string>(
            $"EXPLAIN SELECT id FROM invoices WHERE upper(number) = {invoice.Number} ORDER BY status = 'Cancelled' LIMIT 1 FOR UPDATE").ToListAsync();
        Assert.Contains(plan, line => line.Contains("ix_invoices_number_upper", StringComparison.Ordinal));
    }

    private static PaymentReceived Payment(string externalId, string reference, decimal amount) =>
        new("bank-alpha", externalId, reference, amount, "BYN", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), "ООО «Акме»", "BY00ALFA0000", "Оплата");

    private async Task<Invoice> IssuedAsync(decimal total)
    {
        var invoice = InvoiceTests.Issued(total: total, sequence: Interlocked.Increment(ref _sequence));
        await using var db = NewDbContext();
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    private async Task<PaymentOutcome> ReceiveAsync(PaymentReceived payment)
    {
        await using var db = NewDbContext();
        return await new PaymentIntake(db, TimeProvider.System).ReceiveAsync(payment, "test", CancellationToken.None);
    }

    private async Task<Invoice> InvoiceAsync(Guid id)
    {
        await using var db = NewDbContext();
        return await db.Invoices.SingleAsync(i => i.Id == id);
    }

    private async Task<List<T>> EventsAsync<T>(Guid invoiceId)
    {
        await using var db = NewDbContext();
        var rows = await db.Set<OutboxMessage>().Where(m => m.MessageType.StartsWith(typeof(T).FullName + ",")).OrderBy(m => m.Id).ToListAsync();
        return [.. rows.Select(r => (T)r.Deserialize().Message).Where(e => Equals(typeof(T).GetProperty("InvoiceId")!.GetValue(e), invoiceId))];
    }

    private BillingDbContext NewDbContext() => new(new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql(_database).Options);
}
