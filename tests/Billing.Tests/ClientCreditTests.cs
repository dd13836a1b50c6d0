using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Billing.Tests.Http;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests;

/// <summary>An overpayment's excess, kept as the client's credit, pays the client's next invoice in that currency.</summary>
public sealed class ClientCreditTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private BillingApp _app = null!;
    private CompanyChanged _company = null!;

    public async Task InitializeAsync()
    {
        _app = await BillingApp.StartAsync(servers);
        _company = new CompanyChanged(Guid.NewGuid(), 1, "Northwind", "Northwind LLC", "190000001", "1 Main St, Minsk",
            new BankDetails("Belarusbank", "BY00AKBB0000", "AKBBBY2X"), "billing@northwind.example", "BYN", 14, ManualClock.Start);
        await _app.Bus.DeliverAsync(_company);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_credit_of_an_overpayment_reduces_the_balance_of_the_clients_next_invoice()
    {
        var first = await IssueAsync(1000m);
        var overpayment = await PayAsync(first, 1250.75m);

        var second = await IssueAsync(1610m);

        Assert.Equal((250.75m, 1359.25m, InvoiceStatus.PartiallyPaid), (second.PaidAmount, second.Balance, second.Status));
        var entry = second.Ledger.Single(e => e.Kind == LedgerKind.CreditApplied);
        Assert.Equal((250.75m, 1359.25m), (entry.Amount, entry.BalanceAfter));
        Assert.Contains($"by payment bank-alpha/{overpayment.ExternalId}", entry.Note);

        await using var db = _app.NewDbContext();
        var used = await db.Credits.SingleAsync(c => c.InvoiceId == second.Id);
        var left = await db.Credits.SingleAsync(c => c.InvoiceId == first.Id);
        Assert.Equal((-250.75m, overpayment.Id, left.Id), (used.Amount, used.PaymentId, used.FromCreditId));
        Assert.Equal(250.75m, left.Amount);
        Assert.Empty(await db.BalanceAsync(_company.CompanyId, CancellationToken.None));

        var applied = (await EventsAsync<PaymentApplied>()).Single(e => e.InvoiceId == second.Id);
        Assert.Equal(("credit", used.Id, 250.75m, 1359.25m, second.ReportId), (applied.Source, applied.PaymentId, applied.Amount, applied.Balance, applied.ReportId));
        Assert.DoesNotContain(await EventsAsync<InvoicePaid>(), e => e.InvoiceId == second.Id);
    }

    [Fact]
    public async Task Credit_larger_than_the_next_invoice_pays_it_and_the_rest_stays_the_clients()
    {
        var first = await IssueAsync(100m);
        await PayAsync(first, 1100m);

        var second = await IssueAsync(600m);

        Assert.Equal((600m, 0m, InvoiceStatus.Paid), (second.PaidAmount, second.Balance, second.Status));
        await using var db = _app.NewDbContext();
        Assert.Equal([new CreditBalance("BYN", 400m)], await db.BalanceAsync(_company.CompanyId, CancellationToken.None));
        Assert.Single(await EventsAsync<InvoicePaid>(), e => e.InvoiceId == second.Id);
        Assert.Equal([("InvoiceIssued", second.Id), ("PaymentApplied", second.Id), ("InvoicePaid", second.Id)],
            await EventOrderAsync(second.Id));

        var third = await IssueAsync(1000m);
        Assert.Equal((400m, 600m, InvoiceStatus.PartiallyPaid), (third.PaidAmount, third.Balance, third.Status));
        Assert.Empty(await db.BalanceAsync(_company.CompanyId, CancellationToken.None));
    }

    [Fact]
    public async Task Credit_in_one_currency_leaves_an_invoice_in_another_currency_untouched()
    {
        var first = await IssueAsync(100m);
        await PayAsync(first, 300m);

        var inRubles = await IssueAsync(5000m, "RUB");

        Assert.Equal((0m, 5000m, InvoiceStatus.Issued), (inRubles.PaidAmount, inRubles.Balance, inRubles.Status));
        Assert.DoesNotContain(inRubles.Ledger, e => e.Kind == LedgerKind.CreditApplied);
        await using var db = _app.NewDbContext();
        Assert.Equal([new CreditBalance("BYN", 200m)], await db.BalanceAsync(_company.CompanyId, CancellationToken.None));
    }

    [Fact]
    public async Task Two_invoices_issued_at_the_same_moment_never_spend_the_same_credit()
    {
        var first = await IssueAsync(100m);
        await PayAsync(first, 600m);
        var (a, b) = (Approved(400m), Approved(400m));
        // Today the invoice series' counter row also makes issues queue; the client's lock is what keeps credit safe
        // for any other spender, so this guards the outcome, not which lock gives it.

        await Task.WhenAll(_app.Bus.DeliverAsync(a), _app.Bus.DeliverAsync(b));

        await using var db = _app.NewDbContext();
        var invoices = await db.Invoices.Where(i => i.ReportId == a.ReportId || i.ReportId == b.ReportId).ToListAsync();
        Assert.Equal(500m, invoices.Sum(i => i.PaidAmount));
        Assert.Equal([100m, 400m], invoices.Select(i => i.PaidAmount).Order());
        Assert.Equal(-500m, await db.Credits.Where(c => c.FromCreditId != null).SumAsync(c => c.Amount));
        Assert.Empty(await db.BalanceAsync(_company.CompanyId, CancellationToken.None));
    }

    [Fact]
    public void Credits_are_spent_oldest_first_and_each_use_names_the_credit_it_draws_from()
    {
        var invoice = InvoiceTests.Issued(total: 500m);
        var older = Credit(invoice, 300m, ManualClock.Start);
        var newer = Credit(invoice, 400m, ManualClock.Start.AddDays(1));
        var halfUsed = older with { Id = Guid.NewGuid(), Amount = -100m, FromCreditId = older.Id };

        var open = ClientCredit.Open([newer, older, halfUsed]);
        var uses = ClientCredit.Spend(open, invoice, "billing", ManualClock.Start);

        Assert.Equal([(older.Id, 200m), (newer.Id, 400m)], open.Select(o => (o.Credit.Id, o.Remaining)));
        Assert.Equal([(older.Id, -200m, 300m), (newer.Id, -300m, 0m)],
            uses.Select(u => (u.Row.FromCreditId!.Value, u.Row.Amount, u.Application.Balance)));
        Assert.Equal(InvoiceStatus.Paid, invoice.Status);
        Assert.Equal([false, true], uses.Select(u => u.Application.PaidInFull));
        Assert.Equal(100m, ClientCredit.Open([newer, older, halfUsed, .. uses.Select(u => u.Row)]).Single().Remaining);
    }

    private static ClientCredit Credit(Invoice invoice, decimal amount, DateTimeOffset at) =>
        new(Guid.NewGuid(), invoice.CompanyId, invoice.Currency, amount, Guid.NewGuid(), Guid.NewGuid(), "Paid beyond an earlier invoice.", at);

    private ReportApproved Approved(decimal total, string currency = "BYN") =>
        new(Guid.NewGuid(), "R-2026-0007", _company.CompanyId, new string('a', 64), [Guid.NewGuid()], ManualClock.Start,
            new ApprovedInvoice(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), currency, total,
                [new ApprovedLine(1, "NW-12 Checkout redesign", 600, total / 10, total, true)]));

    /// <summary>Approves a report of <paramref name="total"/> and returns its invoice with its ledger.</summary>
    private async Task<Invoice> IssueAsync(decimal total, string currency = "BYN")
    {
        var approved = Approved(total, currency);
        await _app.Bus.DeliverAsync(approved);
        await using var db = _app.NewDbContext();
        return await db.Invoices.Include(i => i.Ledger).SingleAsync(i => i.ReportId == approved.ReportId);
    }

    private async Task<Payment> PayAsync(Invoice invoice, decimal amount)
    {
        await using var db = _app.NewDbContext();
        var received = new PaymentReceived("bank-alpha", $"PP-{Guid.NewGuid():N}", invoice.PaymentReference, amount, invoice.Currency,
            ManualClock.Start, "Northwind LLC", "BY00AKBB0000", "Оплата");
        var outcome = await new PaymentIntake(db, _app.Clock).ReceiveAsync(received, "test", CancellationToken.None);
        Assert.Equal(PaymentOutcomeKind.Applied, outcome.Kind);
        return outcome.Payment;
    }

    private async Task<List<T>> EventsAsync<T>()
    {
        await using var db = _app.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(T).FullName + ",")).OrderBy(m => m.Id).ToListAsync();
        return [.. rows.Select(r => (T)r.Deserialize().Message)];
    }

    /// <summary>The invoice's events in the order the outbox publishes them.</summary>
    private async Task<List<(string Type, Guid InvoiceId)>> EventOrderAsync(Guid invoiceId)
    {
        await using var db = _app.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        return
        [
            .. rows.Select(r => r.Deserialize().Message)
                .Select(m => (m.GetType().Name, (Guid)m.GetType().GetProperty("InvoiceId")!.GetValue(m)!))
                .Where(e => e.Item2 == invoiceId),
        ];
    }
}
