using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>
/// Two things at the same instant through the gateway, across the services: each race ends in one consistent outcome,
/// whichever side wins it. (Each service's own races — two creates over the same time, a payment and a cancel inside
/// Billing, twenty payments at once — are tested in that service's suite.)
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class RaceTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task A_report_approved_and_cancelled_at_once_ends_either_cancelled_with_no_live_invoice_and_its_time_free_or_invoiced_once()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        // An approved report is cancelled by an admin alone, so the admin's cancel can win on either side of the approval.
        var admin = await system.StaffClientAsync("admin");
        // An address of its own: the gateway limits public calls per address, and other tests spend those limits.
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.1"));
        var sent = await Flows.SentReportAsync(manager, 60);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approve = Task.Run(async () =>
        {
            await gate.Task;
            return await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
                new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash });
        });
        var cancel = Task.Run(async () =>
        {
            await gate.Task;
            return await admin.PostAsJsonAsync($"/api/reports/{sent.ReportId}/cancel", new { comment = "The client changed their mind" });
        });
        gate.SetResult();
        using var approved = await approve;
        using var cancelled = await cancel;

        // Every answer is a clear one: the approval wins (200), or finds the report cancelled (409, or 404 once the link
        // is dead); the cancel wins (200), or loses:
        // the approval changed the report while the cancel was at work, or the invoice came back first (409).
        output.WriteLine($"approve: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync()}");
        output.WriteLine($"cancel: {(int)cancelled.StatusCode} {await cancelled.Content.ReadAsStringAsync()}");
        Assert.Contains(approved.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound });
        Assert.Contains(cancelled.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
        if (cancelled.StatusCode == HttpStatusCode.Conflict)
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var invoiced = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
                r => r.GetProperty("status").GetString() == "Invoiced", "the report invoiced");
            var live = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}");
            var only = Assert.Single(live.GetProperty("items").EnumerateArray());
            Assert.Equal((invoiced.GetProperty("invoiceNumber").GetString(), "Issued"),
                (only.GetProperty("number").GetString(), only.GetProperty("status").GetString()));
            return;
        }

        // Cancelled: if the approval came first, Billing's invoice for it is cancelled in turn, and the time is free.
        var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("status").GetString() == "Cancelled", "the report cancelled");
        Assert.Equal(JsonValueKind.Null, report.GetProperty("invoiceNumber").ValueKind);
        Assert.DoesNotContain(report.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Invoiced");
        if (approved.StatusCode == HttpStatusCode.OK)
        {
            await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
                page => page.GetProperty("items").EnumerateArray().All(i => i.GetProperty("status").GetString() == "Cancelled"),
                "no live invoice of the cancelled report", TimeSpan.FromSeconds(60));
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // the approval never happened: nothing may be invoiced after it
            var invoices = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}");
            Assert.Equal(0, invoices.GetProperty("total").GetInt32());
        }

        foreach (var entryId in sent.Work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "Unbilled", $"time entry {entryId} freed");
        }
    }

    [Fact]
    public async Task Two_payments_for_one_invoice_at_the_same_instant_both_count_and_the_report_is_paid_once()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.2.2"));
        // 120 minutes at 120 BYN an hour: 240.00 BYN, paid as 100.00 + 140.00 at the same instant.
        var sent = await Flows.SentReportAsync(manager, 120);
        await Flows.PostAsync(client, $"/api/public/reports/{sent.Token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }, HttpStatusCode.OK);
        var found = await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the approved report");
        var invoice = Assert.Single(found.GetProperty("items").EnumerateArray());
        var invoiceId = invoice.GetProperty("id").GetGuid();
        var number = invoice.GetProperty("number").GetString()!;
        Assert.Equal(240.00m, invoice.GetProperty("total").GetDecimal());

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage> Pay(string externalId, decimal amount) => Task.Run(async () =>
        {
            await gate.Task;
            return await accountant.PostAsJsonAsync("/api/payments", new
            {
                externalId, reference = number, amount, currency = "BYN", paidAt = DateTimeOffset.UtcNow, payerName = "E2E client LLC",
            });
        });
        var first = Pay($"RACE-{sent.ReportId:N}-1", 100.00m);
        var second = Pay($"RACE-{sent.ReportId:N}-2", 140.00m);
        gate.SetResult();
        using var firstAnswer = await first;
        using var secondAnswer = await second;

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (firstAnswer.StatusCode, secondAnswer.StatusCode));
        var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");
        Assert.Equal(("Paid", 240.00m, 0m), (card.GetProperty("status").GetString(), card.GetProperty("paidAmount").GetDecimal(),
            card.GetProperty("balance").GetDecimal()));
        // The ledger applied them one after the other, in either order: 240.00 → 140.00 or 100.00 → 0.00.
        var ledger = card.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal(["Issued", "PaymentApplied", "PaymentApplied"], ledger.Select(l => l.GetProperty("kind").GetString()));
        var balances = ledger.Select(l => l.GetProperty("balanceAfter").GetDecimal()).ToList();
        Assert.Equal((240.00m, 0m), (balances[0], balances[2]));
        Assert.Contains(balances[1], new[] { 140.00m, 100.00m });
        Assert.Equal(2, card.GetProperty("payments").GetArrayLength());

        // Reporting hears of both payments and of the invoice paid once; Tasks marks the time paid.
        var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("status").GetString() == "Paid" && r.GetProperty("payments").GetArrayLength() == 2,
            "the report Paid with both payments", TimeSpan.FromSeconds(60));
        Assert.Equal(0m, report.GetProperty("balance").GetDecimal());
        Assert.Equal([100.00m, 140.00m], report.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("amount").GetDecimal()).Order());
        Assert.Single(report.GetProperty("history").EnumerateArray(), h => h.GetProperty("to").GetString() == "Paid");
        foreach (var entryId in sent.Work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "Paid", $"time entry {entryId} paid");
        }
    }
}
