using System.Net;
using Clearhours.Documents.Apis;
using Clearhours.Documents.Model;
using Clearhours.Testing;

namespace Clearhours.Documents.Tests.Http;

public sealed class ClientDownloadTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    [Fact]
    public async Task The_client_downloads_the_report_detail_invoice_and_act_of_its_own_report_by_its_link_without_signing_in()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        App.Reporting.Tokens["client-token-A"] = reportId;
        var anonymous = Staff.Client(null);

        foreach (var kind in new[] { DocumentKinds.Report, DocumentKinds.Invoice, DocumentKinds.Act })
        {
            var document = Assert.Single(await StoredAsync(kind));
            var response = await anonymous.GetAsync($"/api/public/reports/client-token-A/documents/{document.Id}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(document.FileName, response.Content.Headers.ContentDisposition?.FileNameStar);
            var staffCopy = await Staff.Accountant.GetByteArrayAsync($"/api/documents/{document.Id}/content");
            Assert.Equal(staffCopy, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_wrong_token_another_reports_document_and_a_staff_upload_are_all_the_same_404()
    {
        var (reportId, invoiceId) = await DeliverReportAndInvoiceAsync();
        var other = Samples.Approved("R-2026-0008");
        await App.Bus.DeliverAsync(other);
        App.Reporting.Tokens["client-token-A"] = reportId;
        App.Reporting.Tokens["client-token-B"] = other.ReportId;
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));
        var attached = await DocumentsStaff.ReadAsync<DocumentCard>(await Staff.Accountant.PostAsync("/api/documents",
            Files.Form("file", Files.Png, "scan.png", ("invoiceId", invoiceId.ToString()))), HttpStatusCode.Created);
        var anonymous = Staff.Client(null);

        var answers = new List<string>();
        foreach (var path in new[]
                 {
                     $"/api/public/reports/not-a-token/documents/{act.Id}",
                     $"/api/public/reports/client-token-B/documents/{act.Id}",
                     $"/api/public/reports/client-token-A/documents/{attached.Document.Id}",
                     $"/api/public/reports/client-token-A/documents/{Guid.NewGuid()}",
                 })
        {
            var problem = await DocumentsStaff.ProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.NotFound);
            answers.Add($"{problem.GetProperty("title")} {problem.GetProperty("detail")}");
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/reports/client-token-A/documents/{act.Id}")).StatusCode);
    }

    [Fact]
    public async Task When_Reporting_cannot_check_the_link_the_client_gets_a_503_problem_and_no_file()
    {
        var (reportId, _) = await DeliverReportAndInvoiceAsync();
        App.Reporting.Tokens["client-token-A"] = reportId;
        var act = Assert.Single(await StoredAsync(DocumentKinds.Act));
        App.Reporting.Down = true;

        var problem = await DocumentsStaff.ProblemAsync(
            await Staff.Client(null).GetAsync($"/api/public/reports/client-token-A/documents/{act.Id}"), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("The report's link cannot be checked right now.", problem.GetProperty("title").GetString());
    }
}
