using System.Net;
using System.Net.Http.Json;
using Clearhours.Contracts.Documents;
using Clearhours.Documents.Apis;
using Clearhours.Documents.Model;
using Clearhours.Testing;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Documents.Tests.Http;

public sealed class SigningTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    [Fact]
    public async Task An_act_is_sent_and_then_signed_with_a_comment()
    {
        await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));

        var sent = await DocumentsStaff.ReadAsync<DocumentCard>(
            await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/sent", new { comment = "По e-mail" }), HttpStatusCode.OK);
        App.Clock.Now = ManualClock.Start.AddDays(3);
        var signed = await DocumentsStaff.ReadAsync<DocumentCard>(
            await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/signed", new { comment = "Оригинал получен курьером" }),
            HttpStatusCode.OK);

        Assert.Equal(DocumentStatus.SentToClient, sent.Document.Status);
        Assert.Equal(DocumentStatus.Signed, signed.Document.Status);
        Assert.Equal(
            [(DocumentStatus.Generated, null), (DocumentStatus.SentToClient, "По e-mail"), (DocumentStatus.Signed, "Оригинал получен курьером")],
            signed.History.Select(h => (h.Status, h.Comment)));
        Assert.Equal((StaffRoles.Accountant, ManualClock.Start.AddDays(3)), (signed.History[^1].By, signed.History[^1].At));
        var changes = await Staff.EventsAsync<DocumentStatusChanged>();
        Assert.Equal([("SentToClient", "По e-mail"), ("Signed", "Оригинал получен курьером")], changes.Select(c => (c.Status, c.Comment)));
        Assert.All(changes, c => Assert.Equal((act.Id, act.ReportId), (c.DocumentId, c.ReportId)));
    }

    [Fact]
    public async Task A_signed_scan_is_stored_beside_the_invoice_and_recorded_on_it()
    {
        var (reportId, invoiceId) = await DeliverReportAndInvoiceAsync();
        var invoice = Assert.Single(await StoredAsync(DocumentKinds.Invoice));
        await Staff.Accountant.PostAsync($"/api/documents/{invoice.Id}/sent", null);

        var signed = await DocumentsStaff.ReadAsync<DocumentCard>(
            await Staff.Accountant.PostAsync($"/api/documents/{invoice.Id}/signed", Files.Form("scan", Files.Pdf(), "подписанный счёт.pdf")),
            HttpStatusCode.OK);

        var scan = Assert.Single(await StoredAsync(DocumentKinds.SignedScan));
        Assert.Equal((reportId, (Guid?)invoiceId, "подписанный счёт.pdf", "application/pdf"),
            (scan.ReportId, scan.InvoiceId, scan.FileName, scan.ContentType));
        Assert.Equal((DocumentStatus.Signed, (Guid?)scan.Id), (signed.Document.Status, signed.Document.SignedScanId));
        Assert.Equal("подписанный счёт.pdf", (await Staff.EventsAsync<DocumentStatusChanged>())[^1].Comment);
        Assert.Contains(await Staff.EventsAsync<DocumentCreated>(), c => c.DocumentId == scan.Id && c.Kind == DocumentKinds.SignedScan);
    }

    [Fact]
    public async Task Illegal_moves_are_refused_with_the_reason_and_change_nothing()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));
        var detail = Assert.Single(await StoredAsync(DocumentKinds.Report));

        var signedUnsent = await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/signed", new { comment = "Подписан" });
        await Staff.Accountant.PostAsync($"/api/documents/{act.Id}/sent", null);
        var sentTwice = await Staff.Accountant.PostAsync($"/api/documents/{act.Id}/sent", null);
        var signedWithoutProof = await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/signed", new { comment = " " });
        var reportSent = await Staff.Accountant.PostAsync($"/api/documents/{detail.Id}/sent", null);
        await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/signed", new { comment = "Подписан" });
        var signedTwice = await Staff.Accountant.PostAsJsonAsync($"/api/documents/{act.Id}/signed", new { comment = "Ещё раз" });

        Assert.Contains("Generated", (await DocumentsStaff.ProblemAsync(signedUnsent, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains("SentToClient", (await DocumentsStaff.ProblemAsync(sentTwice, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains("scan or write a comment",
            (await DocumentsStaff.ProblemAsync(signedWithoutProof, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains("no signing workflow", (await DocumentsStaff.ProblemAsync(reportSent, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Contains("signed already", (await DocumentsStaff.ProblemAsync(signedTwice, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        var card = await DocumentsStaff.ReadAsync<DocumentCard>(await Staff.Manager.GetAsync($"/api/documents/{act.Id}"), HttpStatusCode.OK);
        Assert.Equal([DocumentStatus.Generated, DocumentStatus.SentToClient, DocumentStatus.Signed], card.History.Select(h => h.Status));
        Assert.Equal(2, (await Staff.EventsAsync<DocumentStatusChanged>()).Count);
        Assert.Equal(reportId, card.Document.ReportId);
    }

    [Fact]
    public async Task An_uploaded_document_is_not_drawn_again()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        var attached = await DocumentsStaff.ReadAsync<DocumentCard>(await Staff.Accountant.PostAsync("/api/documents",
            Files.Form("file", Files.Png, "схема.png", ("reportId", reportId.ToString()))), HttpStatusCode.Created);

        var response = await Staff.Accountant.PostAsync($"/api/documents/{attached.Document.Id}/regenerate", null);

        Assert.Contains("uploaded", (await DocumentsStaff.ProblemAsync(response, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Single(await StoredAsync(DocumentKinds.Attachment));
    }

    [Fact]
    public async Task A_manager_reads_documents_but_moves_none()
    {
        await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));

        var read = await Staff.Manager.GetAsync($"/api/documents/{act.Id}");
        var sent = await Staff.Manager.PostAsync($"/api/documents/{act.Id}/sent", null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (read.StatusCode, sent.StatusCode));
        Assert.Empty(await Staff.EventsAsync<DocumentStatusChanged>());
    }
}
