using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Clearhours.Contracts.Documents;
using Clearhours.Documents.Apis;
using Clearhours.Documents.Infrastructure;
using Clearhours.Documents.Model;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Clearhours.Documents.Tests.Http;

public sealed class GeneratedDocumentsTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    [Fact]
    public async Task An_approved_report_gets_its_report_detail_and_DocumentCreated()
    {
        var approved = Samples.Approved();

        await App.Bus.DeliverAsync(approved);

        var detail = Assert.Single(await StoredAsync(DocumentKinds.Report));
        Assert.Equal((approved.ReportId, "R-2026-0007", 1, 1, "Отчёт R-2026-0007.pdf", "application/pdf"),
            (detail.ReportId, detail.ReportNumber, detail.Version, detail.ProfileVersion, detail.FileName, detail.ContentType));
        Assert.Null(detail.Status);
        var created = Assert.Single(await Staff.EventsAsync<DocumentCreated>());
        Assert.Equal((detail.Id, approved.ReportId, DocumentKinds.Report, (Guid?)null, 1),
            (created.DocumentId, created.ReportId, created.Kind, created.InvoiceId, created.Version));
    }

    [Fact]
    public async Task An_issued_invoice_gets_its_invoice_and_act_and_DocumentCreated_for_each()
    {
        var approved = Samples.Approved();
        var issued = Samples.Issued(approved);

        await App.Bus.DeliverAsync(issued);

        var invoice = Assert.Single(await StoredAsync(DocumentKinds.Invoice));
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));
        Assert.Equal(("Счёт INV-2026-0001.pdf", issued.InvoiceId, "INV-2026-0001", DocumentStatus.Generated),
            (invoice.FileName, invoice.InvoiceId, invoice.InvoiceNumber, invoice.Status));
        Assert.Equal(("Акт R-2026-0007.pdf", issued.InvoiceId, DocumentStatus.Generated), (act.FileName, act.InvoiceId, act.Status));
        var created = await Staff.EventsAsync<DocumentCreated>();
        Assert.Equal([(invoice.Id, DocumentKinds.Invoice), (act.Id, DocumentKinds.Act)], created.Select(c => (c.DocumentId, c.Kind)));
        Assert.All(created, c => Assert.Equal((issued.InvoiceId, 1), (c.InvoiceId!.Value, c.Version)));
    }

    [Fact]
    public async Task A_redelivered_InvoiceIssued_makes_no_second_act()
    {
        var issued = Samples.Issued(Samples.Approved());
        var messageId = Guid.NewGuid();

        await App.Bus.DeliverAsync(issued, messageId);
        await App.Bus.DeliverAsync(issued, messageId);
        await App.Bus.DeliverAsync(issued); // the same event republished under another message id

        Assert.Single(await StoredAsync(DocumentKinds.Act));
        Assert.Single(await StoredAsync(DocumentKinds.Invoice));
        Assert.Equal((2, 2), await CountRowsAsync());
        Assert.Equal(2, (await Staff.EventsAsync<DocumentCreated>()).Count);
    }

    [Fact]
    public async Task A_second_report_detail_of_the_same_version_is_refused_by_the_database()
    {
        var approved = Samples.Approved();
        await App.Bus.DeliverAsync(approved);
        await using var db = App.NewDbContext();
        var profile = await db.AgencyProfiles.SingleAsync();

        db.Documents.Add(Document.Generated(new DocumentSubject(approved.ReportId, approved.ReportNumber, null, null), DocumentKinds.Report, 1,
            [1], profile, "{}", "test", ManualClock.Start));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(DocumentIssuing.IsSecondVersion(error));
        Assert.Single(await StoredAsync(DocumentKinds.Report));
    }

    [Fact]
    public async Task Events_published_before_they_carried_their_details_make_no_document()
    {
        var approved = Samples.Approved() with { Report = null };
        var issued = Samples.Issued(Samples.Approved()) with { Details = null };

        var messageId = Guid.NewGuid();

        await App.Bus.DeliverAsync(approved);
        await App.Bus.DeliverAsync(issued, messageId);
        await App.Bus.DeliverAsync(issued, messageId);

        Assert.Equal((0, 0), await CountRowsAsync());
        Assert.Empty(await Staff.EventsAsync<DocumentCreated>());
        await using var db = App.NewDbContext();
        Assert.Equal(2, await db.Set<InboxMessage>().CountAsync()); // done with, not retried
    }

    [Fact]
    public async Task The_list_of_a_report_holds_its_documents_newest_first()
    {
        var approved = Samples.Approved();
        await App.Bus.DeliverAsync(approved);
        App.Clock.Now = ManualClock.Start.AddMinutes(5);
        var issued = Samples.Issued(approved);
        await App.Bus.DeliverAsync(issued);
        await App.Bus.DeliverAsync(Samples.Approved("R-2026-0008"));

        var all = await DocumentsStaff.ReadAsync<Page<DocumentSummary>>(
            await Staff.Manager.GetAsync($"/api/documents?reportId={approved.ReportId}"), HttpStatusCode.OK);
        var ofInvoice = await DocumentsStaff.ReadAsync<Page<DocumentSummary>>(
            await Staff.Manager.GetAsync($"/api/documents?invoiceId={issued.InvoiceId}&pageSize=1"), HttpStatusCode.OK);

        Assert.Equal(3, all.Total);
        Assert.Equal(DocumentKinds.Report, all.Items[^1].Kind);
        Assert.Equal([DocumentKinds.Act, DocumentKinds.Invoice], all.Items.Take(2).Select(d => d.Kind).Order());
        Assert.Equal((2, 1), (ofInvoice.Total, ofInvoice.Items.Count));
    }

    [Fact]
    public async Task The_content_is_the_stored_PDF_under_its_Cyrillic_file_name()
    {
        await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));

        var response = await Staff.Manager.GetAsync($"/api/documents/{act.Id}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Акт R-2026-0007.pdf", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%D0%90%D0%BA%D1%82%20R-2026-0007.pdf", response.Content.Headers.GetValues("Content-Disposition").Single());
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((act.Size, act.Sha256), (pdf.LongLength, Convert.ToHexStringLower(SHA256.HashData(pdf))));
        using var read = PdfDocument.Open(pdf);
        Assert.Contains("INV-2026-0001", string.Concat(read.GetPages().Select(p => p.Text)));
    }

    [Fact]
    public async Task Regenerating_keeps_version_1_and_draws_version_2_with_the_new_profile()
    {
        await DeliverReportAndInvoiceAsync();
        var first = Assert.Single(await StoredAsync(DocumentKinds.Act));
        var profile = await Staff.Admin.PutAsJsonAsync("/api/agency", AgencyApiTests.Valid() with { LegalName = "ООО «Ясные часы плюс»" });
        Assert.Equal(2, (await DocumentsStaff.ReadAsync<AgencyView>(profile, HttpStatusCode.OK)).Version);

        var second = await DocumentsStaff.ReadAsync<DocumentCard>(
            await Staff.Accountant.PostAsync($"/api/documents/{first.Id}/regenerate", null), HttpStatusCode.Created);

        Assert.Equal((2, 2, first.FileName, first.InvoiceId), (second.Document.Version, second.Document.ProfileVersion,
            second.Document.FileName, second.Document.InvoiceId));
        Assert.NotEqual(first.Sha256, second.Document.Sha256);
        var versions = await StoredAsync(DocumentKinds.Act);
        Assert.Equal([(1, 1), (2, 2)], versions.Select(v => (v.Version, v.ProfileVersion!.Value)));
        var old = await Staff.Accountant.GetAsync($"/api/documents/{first.Id}/content");
        Assert.Equal(first.Sha256, Convert.ToHexStringLower(SHA256.HashData(await old.Content.ReadAsByteArrayAsync())));
        using var redrawn = PdfDocument.Open(await (await Staff.Accountant.GetAsync($"/api/documents/{second.Document.Id}/content")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Ясные часы плюс", string.Concat(redrawn.GetPages().Select(p => p.Text)));
        var created = await Staff.EventsAsync<DocumentCreated>();
        Assert.Equal((second.Document.Id, 2), (created[^1].DocumentId, created[^1].Version));
    }

    [Fact]
    public async Task An_English_profile_names_the_files_in_English()
    {
        var profile = await Staff.Admin.PutAsJsonAsync("/api/agency", AgencyApiTests.Valid() with { Language = "en" });
        Assert.Equal("en", (await DocumentsStaff.ReadAsync<AgencyView>(profile, HttpStatusCode.OK)).Language);

        await DeliverReportAndInvoiceAsync();

        Assert.Equal("Report R-2026-0007.pdf", Assert.Single(await StoredAsync(DocumentKinds.Report)).FileName);
        Assert.Equal("Invoice INV-2026-0001.pdf", Assert.Single(await StoredAsync(DocumentKinds.Invoice)).FileName);
        Assert.Equal("Act R-2026-0007.pdf", Assert.Single(await StoredAsync(DocumentKinds.Act)).FileName);
    }

    [Fact]
    public async Task Only_accountants_and_admins_regenerate()
    {
        await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));

        var byManager = await Staff.Manager.PostAsync($"/api/documents/{act.Id}/regenerate", null);
        var byNobody = await Staff.Client(null).PostAsync($"/api/documents/{act.Id}/regenerate", null);
        var byAdmin = await Staff.Admin.PostAsync($"/api/documents/{act.Id}/regenerate", null);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Created),
            (byManager.StatusCode, byNobody.StatusCode, byAdmin.StatusCode));
        Assert.Equal([1, 2], (await StoredAsync(DocumentKinds.Act)).Select(a => a.Version));
    }

    [Fact]
    public async Task An_unknown_document_is_a_404()
    {
        var response = await Staff.Manager.GetAsync($"/api/documents/{Guid.NewGuid()}/content");

        var problem = await DocumentsStaff.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Document not found.", problem.GetProperty("title").GetString());
    }
}
