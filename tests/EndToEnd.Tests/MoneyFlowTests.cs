using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class MoneyFlowTests(SystemFixture system)
{
    [Fact]
    public async Task An_approved_report_is_invoiced_paid_in_two_parts_once_each_and_then_the_report_and_its_time_are_Paid()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.16"));
        // 90 + 45 minutes at 120 BYN an hour: 2.25 h × 120 = 270.00 BYN.
        var sent = await Flows.SentReportAsync(manager, 90, 45);
        using (var approved = await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // Billing issues exactly one invoice for the approved report.
        var found = await Flows.EventuallyAsync(
            () => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the approved report");
        var invoice = Assert.Single(found.GetProperty("items").EnumerateArray());
        var invoiceId = invoice.GetProperty("id").GetGuid();
        var number = invoice.GetProperty("number").GetString()!;
        Assert.Matches(@"^СЧ-\d{4}-\d{4,}$", number);
        Assert.Equal((sent.ReportId, sent.Number, sent.Work.CompanyId), (invoice.GetProperty("reportId").GetGuid(),
            invoice.GetProperty("reportNumber").GetString(), invoice.GetProperty("companyId").GetGuid()));
        Assert.Equal(("Issued", "BYN", 270.00m, 0m, 270.00m), (invoice.GetProperty("status").GetString(), invoice.GetProperty("currency").GetString(),
            invoice.GetProperty("total").GetDecimal(), invoice.GetProperty("paidAmount").GetDecimal(), invoice.GetProperty("balance").GetDecimal()));
        var issuedOn = DateOnly.Parse(invoice.GetProperty("issuedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(issuedOn.AddDays(14), DateOnly.Parse(invoice.GetProperty("dueOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var reference = invoice.GetProperty("paymentReference").GetString()!;
        Assert.StartsWith("RF", reference);

        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            report => report.GetProperty("status").GetString() == "Invoiced" && report.GetProperty("invoiceNumber").GetString() == number,
            "the report's Invoiced status");

        // Two partial payments by hand, by payment reference and by number; the second is sent twice.
        var first = await PayAsync(accountant, $"E2E-{sent.ReportId:N}-1", reference, 100.00m, HttpStatusCode.Created);
        var second = await PayAsync(accountant, $"E2E-{sent.ReportId:N}-2", number, 170.00m, HttpStatusCode.Created);
        var again = await PayAsync(accountant, $"E2E-{sent.ReportId:N}-2", number, 170.00m, HttpStatusCode.OK);
        Assert.Equal(["Applied", "Applied", "Duplicate"], new[] { first, second, again }.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(second.GetProperty("payment").GetProperty("id").GetGuid(), again.GetProperty("payment").GetProperty("id").GetGuid());

        var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoiceId}");
        Assert.Equal(("Paid", 270.00m, 0m), (card.GetProperty("status").GetString(), card.GetProperty("paidAmount").GetDecimal(),
            card.GetProperty("balance").GetDecimal()));
        Assert.Equal([100.00m, 170.00m], card.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("appliedAmount").GetDecimal()));
        Assert.Equal(["Issued", "PaymentApplied", "PaymentApplied"], card.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal([270.00m, 170.00m, 0m], card.GetProperty("ledger").EnumerateArray().Select(l => l.GetProperty("balanceAfter").GetDecimal()));

        // Reporting turns InvoicePaid into a Paid report, and Tasks marks its time paid.
        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            report => report.GetProperty("status").GetString() == "Paid", "the report's Paid status");
        foreach (var entryId in sent.Work.TimeEntryIds)
        {
            await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                entry => entry.GetProperty("billingState").GetString() == "Paid", $"time entry {entryId} paid");
        }
    }

    private static Task<JsonElement> PayAsync(HttpClient accountant, string externalId, string reference, decimal amount, HttpStatusCode expected) =>
        Flows.PostAsync(accountant, "/api/payments", new
        {
            externalId,
            reference,
            amount,
            currency = "BYN",
            paidAt = DateTimeOffset.UtcNow,
            payerName = "E2E client LLC",
            purpose = $"Payment for {reference}",
        }, expected);
}
