using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Billing.Tests.Http;

/// <summary>What an operator reads of Billing: one log line per state change of an invoice or payment, and its metrics.</summary>
public sealed class OperationsTelemetryTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task Invoices_and_payments_log_one_line_per_state_change_with_their_ids_and_the_money_is_counted_per_currency()
    {
        using var metrics = new MetricCapture(BillingMetrics.MeterName, App.Service.Services.GetRequiredService<IMeterFactory>());
        var gauges = App.Service.Services.GetServices<IHostedService>().OfType<PaymentGauges>().Single();
        var invoice = await IssueAsync(1000m);

        await RecordAsync("PP-1", invoice.Number, 400m, HttpStatusCode.Created);
        var parked = await RecordAsync("PP-2", "счёт за ноябрь", 800m, HttpStatusCode.Created);
        await RecordAsync("PP-1", invoice.Number, 400m, HttpStatusCode.OK); // the same payment again: nothing changes
        await gauges.PollNowAsync(CancellationToken.None);
        var unmatchedBefore = Assert.Single(metrics.Observe("clearhours.billing.payments.unmatched")).Value;
        await Staff.ReadAsync<PaymentView>(
            await Staff.Accountant.PostAsJsonAsync($"/api/payments/{parked.Payment.Id}/assign", new { invoiceId = invoice.Id }), HttpStatusCode.OK);
        await gauges.PollNowAsync(CancellationToken.None);
        var unmatchedAfter = Assert.Single(metrics.Observe("clearhours.billing.payments.unmatched")).Value;

        var lines = App.Logs.Lines.Where(l => l.Category == typeof(BillingChanges).FullName).ToList();
        Assert.Equal(
        [
            ("InvoiceIssued", invoice.Number, null, null),
            ("InvoiceMoved", invoice.Number, "Issued", "PartiallyPaid"),
            ("PaymentApplied", invoice.Number, null, null),
            ("PaymentUnmatched", null, null, null),
            ("InvoiceMoved", invoice.Number, "PartiallyPaid", "Paid"),
            ("PaymentMoved", invoice.Number, "Unmatched", "Applied"),
        ], lines.Select(l => (l.EventId.Name, l.Property("InvoiceNumber"), l.Property("FromStatus"), l.Property("ToStatus"))));
        Assert.Equal(["PP-1", "PP-2", "PP-2"], lines.Where(l => l.EventId.Name!.StartsWith("Payment", StringComparison.Ordinal)).Select(l => l.Property("PaymentExternalId")));
        Assert.All(lines.Where(l => l.EventId.Name!.StartsWith("Payment", StringComparison.Ordinal)), l => Assert.Equal("manual", l.Property("PaymentSource")));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Everything.Contains("BY00ALFA0000", StringComparison.Ordinal));

        Assert.Equal([(1000d, "BYN")], metrics.Of("clearhours.billing.invoiced.amount").Select(m => (m.Value, m.Tag("currency"))));
        Assert.Equal([(400d, "BYN"), (600d, "BYN")], metrics.Of("clearhours.billing.paid.amount").Select(m => (m.Value, m.Tag("currency"))));
        Assert.Equal((1d, 0d), (unmatchedBefore, unmatchedAfter));
    }

    /// <summary>An invoice issued through the service's own DbContext, as its issuing code saves one.</summary>
    private async Task<Invoice> IssueAsync(decimal total)
    {
        await using var scope = App.Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var issuedOn = new DateOnly(2026, 12, 1);
        var number = await db.NextAsync("invoice", "СЧ-{0}-{1:D4}", issuedOn.Year, CancellationToken.None);
        var invoice = Invoice.Issue(Guid.NewGuid(), "R-2026-0001", Guid.NewGuid(),
            new InvoiceClient("Acme", "ООО «Акме»", "190000001", null, null, "BY00ALFA0000", null), issuedOn.AddDays(-30), issuedOn.AddDays(-1),
            [new InvoiceLine(1, "AC-1 Design", 600, total / 10, total, true)], total, new string('a', 64), "BYN", number, issuedOn, 14, "billing",
            ManualClock.Start);
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return invoice;
    }

    private async Task<PaymentReceipt> RecordAsync(string externalId, string reference, decimal amount, HttpStatusCode expected) =>
        await Staff.ReadAsync<PaymentReceipt>(await Staff.Accountant.PostAsJsonAsync("/api/payments",
            new RecordPaymentRequest(null, externalId, reference, amount, "BYN", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero),
                "ООО «Акме»", "BY00ALFA0000", "Оплата"), BillingStaff.Json), expected);
}
