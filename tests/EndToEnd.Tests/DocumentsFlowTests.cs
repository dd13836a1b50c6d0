using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UglyToad.PdfPig;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class DocumentsFlowTests(SystemFixture system)
{
    [Fact]
    public async Task An_approved_report_gets_its_report_invoice_and_act_which_the_card_lists_and_the_client_downloads_by_its_link()
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.17"));
        // 90 + 45 minutes at 120 BYN an hour: 2.25 h × 120 = 270.00 BYN.
        var sent = await Flows.SentReportAsync(manager, 90, 45);
        using (var approved = await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // Documents draws the report detail on ReportApproved, and the invoice and the act on InvoiceIssued.
        var page = await Flows.EventuallyAsync(
            () => accountant.GetFromJsonAsync<JsonElement>($"/api/documents?reportId={sent.ReportId}"),
            found => found.GetProperty("total").GetInt32() >= 3, "the report's three documents");
        var documents = page.GetProperty("items").EnumerateArray().ToDictionary(d => d.GetProperty("kind").GetString()!);
        Assert.Equal(["act", "invoice", "report"], documents.Keys.Order());
        Assert.All(documents.Values, d => Assert.Equal(1, d.GetProperty("version").GetInt32()));
        var invoiceNumber = documents["invoice"].GetProperty("invoiceNumber").GetString()!;
        Assert.Equal($"Акт {sent.Number}.pdf", documents["act"].GetProperty("fileName").GetString());
        Assert.Equal($"Счёт {invoiceNumber}.pdf", documents["invoice"].GetProperty("fileName").GetString());

        // The act says what the invoice bills, in figures and in words.
        var actId = documents["act"].GetProperty("id").GetGuid();
        using (var act = await accountant.GetAsync($"/api/documents/{actId}/content"))
        {
            Assert.Equal(HttpStatusCode.OK, act.StatusCode);
            Assert.Equal("application/pdf", act.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"Акт {sent.Number}.pdf", act.Content.Headers.ContentDisposition?.FileNameStar);
            var bytes = await act.Content.ReadAsByteArrayAsync();
            Keep("act.pdf", bytes);
            var text = TextOf(bytes);
            Assert.Contains(sent.Number, text);
            Assert.Contains("270,00", text);
            Assert.Contains("Двести семьдесят белорусских рублей 00 копеек", text);
        }

        // The report detail links its task to the planner.
        var reportId = documents["report"].GetProperty("id").GetGuid();
        var detail = await accountant.GetByteArrayAsync($"/api/documents/{reportId}/content");
        Keep("report.pdf", detail);
        using (var pdf = PdfDocument.Open(detail))
        {
            var links = pdf.GetPages().SelectMany(p => p.GetAnnotations()).Select(a => a.Action).OfType<UglyToad.PdfPig.Actions.UriAction>();
            Assert.Contains(sent.Work.TaskUrl, links.Select(l => l.Uri));
        }

        // The manager's card lists all three; the client's page offers the same three for download.
        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            card => card.GetProperty("documents").GetArrayLength() == 3, "the card's three documents");
        var shared = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{sent.Token}");
        var offered = shared.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("kind").GetString()!);
        Assert.Equal(["act", "invoice", "report"], offered.Keys.Order());
        var invoicePath = offered["invoice"].GetProperty("downloadPath").GetString()!;
        Assert.Equal($"/api/public/reports/{sent.Token}/documents/{documents["invoice"].GetProperty("id").GetGuid()}", invoicePath);
        using (var invoice = await client.GetAsync(invoicePath))
        {
            Assert.Equal(HttpStatusCode.OK, invoice.StatusCode);
            var bytes = await invoice.Content.ReadAsByteArrayAsync();
            Keep("invoice.pdf", bytes);
            var text = TextOf(bytes);
            Assert.Contains(invoiceNumber, text);
            Assert.Contains("Двести семьдесят белорусских рублей 00 копеек", text);
        }

        // A wrong token, and another report's document through this token, are the same 404.
        var other = await Flows.SentReportAsync(manager, 30);
        using (var wrongToken = await client.GetAsync($"/api/public/reports/not-{sent.Token}/documents/{actId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        }

        using (var otherReport = await client.GetAsync($"/api/public/reports/{other.Token}/documents/{actId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, otherReport.StatusCode);
        }

        // The office manager sends the act and records it signed; the card follows.
        await Flows.PostAsync(accountant, $"/api/documents/{actId}/sent", new { comment = "By courier" }, HttpStatusCode.OK);
        await Flows.PostAsync(accountant, $"/api/documents/{actId}/signed", new { comment = "Signed original received" }, HttpStatusCode.OK);
        await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            card => card.GetProperty("documents").EnumerateArray()
                .Any(d => d.GetProperty("documentId").GetGuid() == actId && d.GetProperty("status").GetString() == "Signed"),
            "the act signed on the card");
    }

    /// <summary>Keeps what the running system drew in the test output, for a person to look at.</summary>
    private static void Keep(string name, byte[] pdf)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "documents");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), pdf);
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
