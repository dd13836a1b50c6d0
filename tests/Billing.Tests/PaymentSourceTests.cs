using Clearhours.Billing.Model;
using Clearhours.Billing.Tests.Http;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Billing.Tests;

/// <summary>PaymentReceived as a MassTransit message from a .NET system, over the real bus.</summary>
public sealed class PaymentSourceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private BillingApp _app = null!;

    public async Task InitializeAsync() => _app = await BillingApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_payment_message_is_applied_to_the_invoice_it_names()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);

        await _app.Bus.DeliverAsync(PaymentSources.Payment("PP-1", invoice.PaymentReference, 400m));

        var stored = await PaymentSources.InvoiceAsync(_app, invoice.Id);
        Assert.Equal((400m, 600m, InvoiceStatus.PartiallyPaid), (stored.PaidAmount, stored.Balance, stored.Status));
    }

    [Fact]
    public async Task The_same_payment_resent_under_a_new_message_id_is_applied_once()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var payment = PaymentSources.Payment("PP-2", invoice.Number, 300m);
        var first = Guid.NewGuid();

        await _app.Bus.DeliverAsync(payment, first);
        await _app.Bus.DeliverAsync(payment, first);
        await _app.Bus.DeliverAsync(payment, Guid.NewGuid());

        Assert.Equal(300m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        await using var db = _app.NewDbContext();
        Assert.Equal(1, await db.Payments.CountAsync(p => p.ExternalId == "PP-2"));
    }

    [Fact]
    public async Task A_payment_message_that_is_not_a_payment_goes_to_the_error_queue_with_its_reasons_and_changes_nothing()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);

        var refused = await _app.Bus.DeliverFailingAsync(PaymentSources.Payment("PP-3", invoice.PaymentReference, -5m) with { Currency = "XXQ" });

        var reasons = Assert.IsType<MessageRefusedException>(refused).Message;
        Assert.Contains("amount", reasons);
        Assert.Contains("currency", reasons);
        await PaymentSources.ErrorQueueHoldsAsync(_app, "billing-payment-received", 1);
        await using var db = _app.NewDbContext();
        Assert.False(await db.Payments.AnyAsync());
    }
}

/// <summary>What the tests of every payment source share: an issued invoice, and reading back what a payment did.</summary>
internal static class PaymentSources
{
    private static int _sequence;

    public static PaymentReceived Payment(string externalId, string reference, decimal amount) =>
        new("bank-alpha", externalId, reference, amount, "BYN", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
            "ООО «Акме»", "BY00ALFA0000", "Оплата");

    public static async Task<Invoice> IssueAsync(BillingApp app, decimal total, string currency = "BYN")
    {
        var invoice = InvoiceTests.Issued(total: total, currency: currency, sequence: Interlocked.Increment(ref _sequence));
        await using var db = app.NewDbContext();
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        return invoice;
    }

    public static async Task<Invoice> InvoiceAsync(BillingApp app, Guid id)
    {
        await using var db = app.NewDbContext();
        return await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    /// <summary>Waits until the queue's error queue holds <paramref name="count"/> messages.</summary>
    public static async Task ErrorQueueHoldsAsync(BillingApp app, string queue, uint count)
    {
        var broker = app.Service.Services.GetRequiredService<BrokerAddress>();
        var deadline = DateTime.UtcNow + ConsumeLog.Patience;
        while ((await ErrorQueues.DepthsAsync(broker, [queue]))[queue] != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{ErrorQueues.ErrorQueueOf(queue)} never held {count} message(s).");
            await Task.Delay(100);
        }
    }
}
