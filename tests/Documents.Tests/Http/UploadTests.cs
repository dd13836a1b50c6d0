using System.Net;
using Clearhours.Contracts.Documents;
using Clearhours.Documents.Apis;
using Clearhours.Documents.Model;
using Clearhours.Testing;

namespace Clearhours.Documents.Tests.Http;

public sealed class UploadTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    public static TheoryData<string, string> Refused => new()
    {
        { "renamed-exe", "смета.pdf" },
        { "truncated-pdf", "акт.pdf" },
        { "svg-with-script", "logo.png" },
        { "empty", "пусто.pdf" },
    };

    [Fact]
    public async Task An_attachment_of_an_invoice_is_stored_with_its_real_type_and_announced()
    {
        var (reportId, invoiceId) = await DeliverReportAndInvoiceAsync();
        var before = await CountRowsAsync();

        var attached = await DocumentsStaff.ReadAsync<DocumentCard>(await Staff.Accountant.PostAsync("/api/documents",
            Files.Form("file", Files.Png, "схема.jpg", ("invoiceId", invoiceId.ToString()), ("note", "Схема от клиента"))),
            HttpStatusCode.Created);

        Assert.Equal((reportId, (Guid?)invoiceId, DocumentKinds.Attachment, "схема.png", "image/png", (long)Files.Png.Length, "Схема от клиента"),
            (attached.Document.ReportId, attached.Document.InvoiceId, attached.Document.Kind, attached.Document.FileName,
                attached.Document.ContentType, attached.Document.Size, attached.Document.Note));
        Assert.Equal((before.Documents + 1, before.Contents + 1), await CountRowsAsync());
        var content = await Staff.Manager.GetAsync($"/api/documents/{attached.Document.Id}/content");
        Assert.Equal(Files.Png, await content.Content.ReadAsByteArrayAsync());
        var created = (await Staff.EventsAsync<DocumentCreated>())[^1];
        Assert.Equal((attached.Document.Id, DocumentKinds.Attachment, (Guid?)invoiceId), (created.DocumentId, created.Kind, created.InvoiceId));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_file_that_is_not_what_it_claims_is_a_400_and_nothing_is_stored(string sample, string fileName)
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        var before = await CountRowsAsync();
        byte[] content = sample switch
        {
            "renamed-exe" => Files.Executable,
            "truncated-pdf" => Files.TruncatedPdf(),
            "svg-with-script" => Files.SvgWithScript,
            _ => [],
        };

        var response = await Staff.Accountant.PostAsync("/api/documents", Files.Form("file", content, fileName, ("reportId", reportId.ToString())));

        Assert.Equal(["file"], await DocumentsStaff.FieldErrorsAsync(response));
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(3, (await Staff.EventsAsync<DocumentCreated>()).Count);
    }

    [Fact]
    public async Task A_file_of_21_MiB_is_a_413_problem_and_nothing_is_stored()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        var before = await CountRowsAsync();
        var large = new byte[21 * 1024 * 1024];
        Files.Pdf().CopyTo(large, 0);

        var response = await Staff.Accountant.PostAsync("/api/documents", Files.Form("file", large, "большой.pdf", ("reportId", reportId.ToString())));

        var problem = await DocumentsStaff.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task A_scan_of_21_MiB_is_a_413_problem_and_the_act_stays_unsigned()
    {
        await DeliverReportAndInvoiceAsync();
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));
        await Staff.Accountant.PostAsync($"/api/documents/{act.Id}/sent", null);
        var before = await CountRowsAsync();

        var response = await Staff.Accountant.PostAsync($"/api/documents/{act.Id}/signed",
            Files.Form("scan", new byte[21 * 1024 * 1024], "скан.pdf"));

        await DocumentsStaff.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal(DocumentStatus.SentToClient, Assert.Single(await StoredAsync(DocumentKinds.Act)).Status);
    }

    [Fact]
    public async Task An_attachment_of_a_report_not_known_here_is_a_404()
    {
        await DeliverReportAndInvoiceAsync();
        var before = await CountRowsAsync();

        var response = await Staff.Accountant.PostAsync("/api/documents",
            Files.Form("file", Files.Pdf(), "акт.pdf", ("reportId", Guid.NewGuid().ToString())));

        await DocumentsStaff.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task An_attachment_names_a_report_or_an_invoice()
    {
        var (reportId, invoiceId) = await DeliverReportAndInvoiceAsync();

        var neither = await Staff.Accountant.PostAsync("/api/documents", Files.Form("file", Files.Pdf(), "акт.pdf"));
        var both = await Staff.Accountant.PostAsync("/api/documents",
            Files.Form("file", Files.Pdf(), "акт.pdf", ("reportId", reportId.ToString()), ("invoiceId", invoiceId.ToString())));
        var notAForm = await Staff.Accountant.PostAsync("/api/documents", new StringContent("{}", null, "application/json"));

        Assert.Equal(["reportId"], await DocumentsStaff.FieldErrorsAsync(neither));
        Assert.Equal(["reportId"], await DocumentsStaff.FieldErrorsAsync(both));
        await DocumentsStaff.ProblemAsync(notAForm, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_manager_cannot_upload()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        var before = await CountRowsAsync();

        var response = await Staff.Manager.PostAsync("/api/documents", Files.Form("file", Files.Pdf(), "акт.pdf", ("reportId", reportId.ToString())));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task Without_a_body_the_upload_routes_answer_401_and_403_before_anything_else()
    {
        var routes = new[] { (HttpMethod.Post, "/api/documents"), (HttpMethod.Post, $"/api/documents/{Guid.NewGuid()}/signed"), (HttpMethod.Put, "/api/agency/logo") };

        foreach (var (method, path) in routes)
        {
            await DocumentsStaff.ProblemAsync(await Staff.Client(null).SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Unauthorized);
            await DocumentsStaff.ProblemAsync(await Staff.Manager.SendAsync(new HttpRequestMessage(method, path)), HttpStatusCode.Forbidden);
        }
    }
}
