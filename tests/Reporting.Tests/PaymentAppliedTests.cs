using System.Globalization;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Billing's PaymentApplied over the real bus: the card lists the payments and the balance, the manager hears of each.</summary>
public sealed class PaymentAppliedTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset PaidAt = new(2026, 12, 20, 10, 0, 0, TimeSpan.Zero);

    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "payments");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Each_payment_shows_on_the_card_with_the_balance_it_left_and_notifies_the_manager()
    {
        var card = await InvoicedAsync("СЧ-2026-0003");
        var first = Applied(card, "СЧ-2026-0003", 400m, card.Amount - 400m);
        var second = Applied(card, "СЧ-2026-0003", 100.5m, card.Amount - 500.5m) with { Source = "manual", PaidAt = PaidAt.AddDays(1) };

        await _world.App.Bus.DeliverAsync(first);
        await _world.App.Bus.DeliverAsync(second);

        var after = await _world.GetAsync(card.Id);
        Assert.Equal(
            [
                new ReportPayment(first.PaymentId, "СЧ-2026-0003", "bank-alpha", 400m, PaidAt, card.Amount - 400m),
                new ReportPayment(second.PaymentId, "СЧ-2026-0003", "manual", 100.5m, PaidAt.AddDays(1), card.Amount - 500.5m),
            ],
            after.Payments);
        Assert.Equal((ReportStatus.Invoiced, card.Amount - 500.5m), (after.Status, after.Balance));
        await using var db = _world.NewDbContext();
        var notices = await db.Notifications.AsNoTracking().Where(n => n.Kind == "payment").OrderBy(n => n.Text).ToListAsync();
        Assert.Equal(
            [
                $"Payment 100.50 EUR received for {card.Number} (invoice СЧ-2026-0003), balance {Money(card.Amount - 500.5m)} EUR.",
                $"Payment 400.00 EUR received for {card.Number} (invoice СЧ-2026-0003), balance {Money(card.Amount - 400m)} EUR.",
            ],
            notices.Select(n => n.Text));
        Assert.All(notices, n => Assert.Equal(card.Id, n.ReportId));
        // The facts a screen says it with, in its own language.
        Assert.Equal(
            [("СЧ-2026-0003", 100.5m, card.Amount - 500.5m, "EUR"), ("СЧ-2026-0003", 400m, card.Amount - 400m, "EUR")],
            notices.Select(n => (n.InvoiceNumber, n.Amount, n.Balance, n.Currency)));
    }

    [Fact]
    public async Task The_same_payment_under_a_new_message_id_is_listed_and_notified_once()
    {
        var card = await InvoicedAsync("СЧ-2026-0004");
        var applied = Applied(card, "СЧ-2026-0004", 250m, card.Amount - 250m);

        await _world.App.Bus.DeliverAsync(applied);
        var once = await _world.GetAsync(card.Id);
        await _world.App.Bus.DeliverAsync(applied);

        var after = await _world.GetAsync(card.Id);
        Assert.Equal(applied.PaymentId, Assert.Single(after.Payments).PaymentId);
        Assert.Equal(once.Version, after.Version);
        await using var db = _world.NewDbContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.Kind == "payment"));
        Assert.Equal(2, await db.Set<InboxMessage>().CountAsync(m => m.Consumer == "PaymentAppliedConsumer"));
    }

    [Fact]
    public async Task A_payment_that_arrives_before_its_invoice_waits_for_it_and_is_then_listed()
    {
        var card = await ApprovedAsync();
        var applied = Applied(card, "СЧ-2026-0005", 300m, card.Amount - 300m);

        Assert.IsType<MessageNotReadyException>(await _world.App.Bus.DeliverFailingAsync(applied));
        var waiting = await _world.GetAsync(card.Id);
        Assert.Equal((0, (decimal?)null), (waiting.Payments.Count, waiting.Balance));
        await _world.App.Bus.DeliverAsync(Issued(card, "СЧ-2026-0005"));

        var deadline = DateTime.UtcNow + ConsumeLog.Patience;
        while ((await _world.GetAsync(card.Id)).Payments.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The payment was never listed.");
            await Task.Delay(100);
        }

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((applied.PaymentId, card.Amount - 300m), (Assert.Single(after.Payments).PaymentId, after.Balance));
    }

    [Fact]
    public async Task The_balance_is_the_invoice_amount_until_a_payment_and_zero_once_paid_and_credit_is_told_as_credit()
    {
        var card = await InvoicedAsync("СЧ-2026-0006");
        Assert.Equal(card.Amount, (await _world.GetAsync(card.Id)).Balance);

        await _world.App.Bus.DeliverAsync(Applied(card, "СЧ-2026-0006", card.Amount, 0m) with { Source = "credit" });
        await _world.App.Bus.DeliverAsync(new InvoicePaid(Guid.NewGuid(), "СЧ-2026-0006", card.Id, PaidAt));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Paid, 0m), (after.Status, after.Balance));
        await using var db = _world.NewDbContext();
        var notice = await db.Notifications.AsNoTracking().SingleAsync(n => n.Kind == "credit");
        Assert.Equal($"Credit {Money(card.Amount)} EUR applied to {card.Number} (invoice СЧ-2026-0006), balance 0.00 EUR.", notice.Text);
        Assert.Equal(("СЧ-2026-0006", card.Amount, 0m), (notice.InvoiceNumber, notice.Amount, notice.Balance));
        Assert.False(await db.Notifications.AnyAsync(n => n.Kind == "payment"));
    }

    private async Task<ReportCard> ApprovedAsync()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        return await _world.GetAsync(card.Id);
    }

    private async Task<ReportCard> InvoicedAsync(string invoiceNumber)
    {
        var card = await ApprovedAsync();
        Assert.True(card.Amount > 600m, "The seeded report is too small for these payments.");
        await _world.App.Bus.DeliverAsync(Issued(card, invoiceNumber));
        return await _world.GetAsync(card.Id);
    }

    private static InvoiceIssued Issued(ReportCard card, string number) =>
        new(Guid.NewGuid(), number, card.Id, card.Amount, card.Currency, new DateOnly(2026, 12, 31), ManualClock.Start);

    private static PaymentApplied Applied(ReportCard card, string invoiceNumber, decimal amount, decimal balance) =>
        new(Guid.NewGuid(), invoiceNumber, Guid.NewGuid(), "bank-alpha", $"PP-{Guid.NewGuid():N}", card.Id, card.Number, amount, balance,
            card.Currency, PaidAt);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
