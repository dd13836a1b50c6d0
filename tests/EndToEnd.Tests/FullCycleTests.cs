using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Clearhours.EndToEnd.Tests;

/// <summary>
/// The whole money flow through the gateway, every figure computed by hand: time → preview → report → sent → the
/// client approves → one invoice → its report, invoice and act → a payment an outside system publishes as plain JSON
/// in two parts, one part twice → the invoice Paid → the report Paid → the time Paid in Tasks; then the period
/// previews empty, while the next period's time still shows.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class FullCycleTests(SystemFixture system)
{
    [Fact]
    public async Task Time_is_invoiced_once_paid_by_an_outside_system_in_two_parts_and_never_billed_again()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.10"));

        // October: 90 + 45 + 75 = 210 minutes = 3.5 h at 120 BYN = 420.00 BYN. November: 30 minutes = 60.00 BYN.
        var work = await Flows.RecordWorkAsync(manager, 90, 45, 75);
        await Flows.PostAsync(manager, "/api/time-entries", new
        {
            taskId = work.TaskId, person = "Anna Developer", workDate = new DateOnly(2026, 11, 3), minutes = 30, comment = "Next month",
        }, HttpStatusCode.Created);

        var preview = await Flows.WaitForPreviewAsync(manager, work);
        var line = Assert.Single(preview.GetProperty("lines").EnumerateArray());
        Assert.Equal((210, 3.5m, 120m, 420.00m, 3), (line.GetProperty("actualMinutes").GetInt32(), line.GetProperty("billedHours").GetDecimal(),
            line.GetProperty("rate").GetDecimal(), line.GetProperty("amount").GetDecimal(), line.GetProperty("entryCount").GetInt32()));
        Assert.Equal(420.00m, preview.GetProperty("totals").GetProperty("amount").GetDecimal());

        var card = await Flows.CreateReportAsync(manager, work);
        var reportId = card.GetProperty("id").GetGuid();
        var (token, hash, _) = await Flows.SendAsync(manager, reportId);
        using (var approved = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // One invoice for the report, and its three documents.
        var invoices = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={reportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the report's invoice");
        var invoice = Assert.Single(invoices.GetProperty("items").EnumerateArray());
        var invoiceId = invoice.GetProperty("id").GetGuid();
        Assert.Equal(("Issued", 420.00m, 0m), (invoice.GetProperty("status").GetString(), invoice.GetProperty("total").GetDecimal(),
            invoice.GetProperty("paidAmount").GetDecimal()));
        var documents = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/documents?reportId={reportId}"),
            page => page.GetProperty("total").GetInt32() >= 3, "the report's three documents", TimeSpan.FromSeconds(60));
        Assert.Equal(["act", "invoice", "report"], documents.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("kind").GetString()).Order());

        // The bank's system publishes the payment in two parts, by payment reference and by number; the second twice.
        var run = Guid.NewGuid().ToString("N")[..8];
        await PublishPaymentsAsync(
            Payment($"{run}-1", invoice.GetProperty("paymentReference").GetString()!, 150.00m),
            Payment($"{run}-2", invoice.GetProperty("number").GetString()!, 270.00m),
            Payment($"{run}-2", invoice.GetProperty("number").GetString()!, 270.00m));

        var paid = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}"),
            i => i.GetProperty("status").GetString() == "Paid", "the invoice paid");
        Assert.Equal((420.00m, 0m), (paid.GetProperty("paidAmount").GetDecimal(), paid.GetProperty("balance").GetDecimal()));
        Assert.Equal([150.00m, 270.00m], paid.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("appliedAmount").GetDecimal()).Order());
        // The two parts may be consumed in either order: 420 → 270 → 0 or 420 → 150 → 0, each part once.
        var balances = paid.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("balanceAfter").GetDecimal()).ToList();
        Assert.True(balances is [420.00m, 270.00m or 150.00m, 0m], $"ledger balances {string.Join(", ", balances)}");

        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}"),
            r => r.GetProperty("status").GetString() == "Paid", "the report Paid");
        foreach (var entryId in work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "Paid", $"time entry {entryId} Paid");
        }

        // October is billed: its preview is empty. November's time still shows, with nothing earlier left unbilled.
        var october = await Flows.PostAsync(manager, "/api/reports/preview", new { companyId = work.CompanyId, from = work.From, to = work.To }, HttpStatusCode.OK);
        Assert.Empty(october.GetProperty("lines").EnumerateArray());
        Assert.Equal(0m, october.GetProperty("totals").GetProperty("amount").GetDecimal());
        var november = await Flows.PostAsync(manager, "/api/reports/preview",
            new { companyId = work.CompanyId, from = new DateOnly(2026, 11, 1), to = new DateOnly(2026, 11, 30) }, HttpStatusCode.OK);
        var next = Assert.Single(november.GetProperty("lines").EnumerateArray());
        Assert.Equal((30, 60.00m, 1), (next.GetProperty("actualMinutes").GetInt32(), next.GetProperty("amount").GetDecimal(), next.GetProperty("entryCount").GetInt32()));
        Assert.True(november.GetProperty("earlierUnbilled").ValueKind == JsonValueKind.Null, $"earlier unbilled: {november.GetProperty("earlierUnbilled")}");
    }

    private static string Payment(string externalId, string reference, decimal amount) => JsonSerializer.Serialize(new
    {
        source = "bank-e2e",
        externalId,
        reference,
        amount,
        currency = "BYN",
        paidAt = DateTimeOffset.UtcNow,
        payerName = "E2E client LLC",
        purpose = $"Payment for {reference}",
    });

    /// <summary>As an outside system does: durable plain JSON to the fanout exchange, each confirmed by the broker.</summary>
    private async Task PublishPaymentsAsync(params string[] bodies)
    {
        var factory = new ConnectionFactory { Uri = new Uri((await system.App.GetConnectionStringAsync("messaging"))!) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var body in bodies)
        {
            var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
            await channel.BasicPublishAsync("clearhours.payments", "", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
        }
    }
}
