using System.Net;
using System.Net.Http.Json;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests.Http;

/// <summary>A cancelled invoice issued anew, and a cancelled report never billed (again).</summary>
public sealed class InvoiceReissueApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    private static readonly DateOnly IssuedOn = new(2026, 12, 1);

    [Fact]
    public async Task A_cancelled_invoice_issued_anew_has_the_next_number_the_same_lines_and_the_clients_corrected_requisites()
    {
        var company = Company(1, "BY00WRONG0000", paymentTermsDays: 14);
        await App.Bus.DeliverAsync(company);
        var cancelled = await Staff.IssueAsync(1000m, IssuedOn, companyId: company.CompanyId);
        await CancelAsync(cancelled.Id);
        await App.Bus.DeliverAsync(Company(2, "BY00RIGHT0000", paymentTermsDays: 30) with { CompanyId = company.CompanyId });

        var reissued = await Staff.ReadAsync<InvoiceCard>(
            await Staff.Accountant.PostAsync($"/api/invoices/{cancelled.Id}/reissue", null), HttpStatusCode.Created);

        Assert.NotEqual(cancelled.Id, reissued.Id);
        Assert.Equal("СЧ-2026-0002", reissued.Number);
        Assert.Equal((cancelled.ReportId, cancelled.ReportNumber, cancelled.SnapshotHash), (reissued.ReportId, reissued.ReportNumber, reissued.SnapshotHash));
        Assert.Equal((1000m, 0m, 1000m, InvoiceStatus.Issued), (reissued.Total, reissued.PaidAmount, reissued.Balance, reissued.Status));
        Assert.Equal(cancelled.Lines, reissued.Lines);
        Assert.Equal("BY00RIGHT0000", reissued.Client.BankAccount);
        Assert.Equal(ManualClock.Start.UtcDateTime.Date.AddDays(30), reissued.DueOn.ToDateTime(TimeOnly.MinValue));
        Assert.NotEqual(cancelled.PaymentReference, reissued.PaymentReference);
        var issued = Assert.Single(await Staff.EventsAsync<InvoiceIssued>());
        Assert.Equal((reissued.Id, reissued.Number, cancelled.ReportId, 1000m), (issued.InvoiceId, issued.InvoiceNumber, issued.ReportId, issued.Amount));
        // Documents draws the new invoice and act with the corrected requisites and the new payment reference.
        var details = issued.Details!;
        Assert.Equal(new InvoiceParty("Northwind", "Northwind LLC", "190000001", "1 Main St, Minsk", "Belarusbank", "BY00RIGHT0000", "AKBBBY2X"),
            details.Client);
        Assert.Equal((cancelled.ReportNumber, reissued.PaymentReference, reissued.IssuedOn, cancelled.PeriodFrom, cancelled.PeriodTo),
            (details.ReportNumber, details.PaymentReference, details.IssuedOn, details.From, details.To));
        Assert.Equal(cancelled.Lines.Select(l => new IssuedLine(l.No, l.Description, l.BilledMinutes, l.Rate, l.Amount, l.Billable)), details.Lines);
        Assert.Equal("accountant", Assert.Single(reissued.Ledger).By);
    }

    [Fact]
    public async Task Issuing_anew_a_live_invoice_or_one_whose_report_is_billed_again_already_is_a_409_that_changes_nothing()
    {
        var company = Company(1, "BY00RIGHT0000");
        await App.Bus.DeliverAsync(company);
        var live = await Staff.IssueAsync(1000m, IssuedOn, companyId: company.CompanyId);
        var cancelled = await Staff.IssueAsync(500m, IssuedOn, companyId: company.CompanyId);
        await CancelAsync(cancelled.Id);
        await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.PostAsync($"/api/invoices/{cancelled.Id}/reissue", null), HttpStatusCode.Created);

        var ofLive = await BillingStaff.ProblemAsync(await Staff.Accountant.PostAsync($"/api/invoices/{live.Id}/reissue", null), HttpStatusCode.Conflict);
        var twice = await BillingStaff.ProblemAsync(await Staff.Accountant.PostAsync($"/api/invoices/{cancelled.Id}/reissue", null), HttpStatusCode.Conflict);

        Assert.Contains("only a cancelled invoice", ofLive.GetProperty("detail").GetString());
        Assert.Contains("billed already, by invoice СЧ-2026-0003", twice.GetProperty("detail").GetString());
        await BillingStaff.ProblemAsync(await Staff.Accountant.PostAsync($"/api/invoices/{Guid.NewGuid()}/reissue", null), HttpStatusCode.NotFound);
        using (var asManager = await Staff.Client("manager").PostAsync($"/api/invoices/{cancelled.Id}/reissue", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
        }

        await using var db = App.NewDbContext();
        Assert.Equal(3, await db.Invoices.CountAsync());
        Assert.Single(await Staff.EventsAsync<InvoiceIssued>());
    }

    [Fact]
    public async Task Two_accountants_issuing_one_cancelled_invoice_anew_at_once_make_one_invoice()
    {
        var company = Company(1, "BY00RIGHT0000");
        await App.Bus.DeliverAsync(company);
        var cancelled = await Staff.IssueAsync(1000m, IssuedOn, companyId: company.CompanyId);
        await CancelAsync(cancelled.Id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Staff.Accountant.PostAsync($"/api/invoices/{cancelled.Id}/reissue", null)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        await using var db = App.NewDbContext();
        Assert.Equal(1, await db.Invoices.CountAsync(i => i.ReportId == cancelled.ReportId && i.Status != InvoiceStatus.Cancelled));
        Assert.Single(await Staff.EventsAsync<InvoiceIssued>());
    }

    [Fact]
    public async Task A_cancelled_report_is_never_billed_again_even_when_its_approval_arrives_after_the_cancellation()
    {
        var company = Company(1, "BY00RIGHT0000");
        await App.Bus.DeliverAsync(company);
        var cancelled = await Staff.IssueAsync(1000m, IssuedOn, companyId: company.CompanyId);
        await App.Bus.DeliverAsync(new ReportCancelled(cancelled.ReportId, cancelled.ReportNumber, [], ManualClock.Start));
        var late = new ReportCancelled(Guid.NewGuid(), "R-2026-0099", [], ManualClock.Start);
        await App.Bus.DeliverAsync(late);

        var refused = await BillingStaff.ProblemAsync(await Staff.Accountant.PostAsync($"/api/invoices/{cancelled.Id}/reissue", null), HttpStatusCode.Conflict);
        await App.Bus.DeliverAsync(new ReportApproved(late.ReportId, late.ReportNumber, company.CompanyId, new string('b', 64), [], ManualClock.Start,
            new ApprovedInvoice(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "BYN", 100m, [new ApprovedLine(1, "NW-1 Design", 60, 100m, 100m, true)])));

        Assert.Contains($"Report {cancelled.ReportNumber} was cancelled", refused.GetProperty("detail").GetString());
        await using var db = App.NewDbContext();
        Assert.Equal(InvoiceStatus.Cancelled, (await db.Invoices.SingleAsync(i => i.ReportId == cancelled.ReportId)).Status);
        Assert.False(await db.Invoices.AnyAsync(i => i.ReportId == late.ReportId));
        Assert.Empty(await Staff.EventsAsync<InvoiceIssued>());
    }

    [Fact]
    public async Task A_report_approved_and_cancelled_at_the_same_moment_never_keeps_a_live_invoice()
    {
        var company = Company(1, "BY00RIGHT0000");
        await App.Bus.DeliverAsync(company);
        var reports = Enumerable.Range(1, 20).Select(n => (Id: Guid.NewGuid(), Number: $"R-2026-{n:D4}")).ToList();

        // Each report's approval and cancellation published together: Billing consumes them from two queues at once.
        await Task.WhenAll(reports.SelectMany(report => new[]
        {
            App.Bus.DeliverAsync(new ReportApproved(report.Id, report.Number, company.CompanyId, new string('b', 64), [], ManualClock.Start,
                new ApprovedInvoice(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "BYN", 100m, [new ApprovedLine(1, "NW-1 Design", 60, 100m, 100m, true)]))),
            App.Bus.DeliverAsync(new ReportCancelled(report.Id, report.Number, [], ManualClock.Start)),
        }));

        await using var db = App.NewDbContext();
        var ids = reports.Select(r => r.Id).ToList();
        Assert.Equal(20, await db.CancelledReports.CountAsync(r => ids.Contains(r.ReportId)));
        Assert.Empty(await db.Invoices.Where(i => ids.Contains(i.ReportId) && i.Status != InvoiceStatus.Cancelled).Select(i => i.Number).ToListAsync());
    }

    private static CompanyChanged Company(long version, string bankAccount, int paymentTermsDays = 14) =>
        new(Guid.NewGuid(), version, "Northwind", "Northwind LLC", "190000001", "1 Main St, Minsk",
            new BankDetails("Belarusbank", bankAccount, "AKBBBY2X"), "billing@northwind.example", "BYN", paymentTermsDays, ManualClock.Start);

    private async Task CancelAsync(Guid id) =>
        await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.PostAsJsonAsync($"/api/invoices/{id}/cancel", new { reason = "Wrong bank details" }), HttpStatusCode.OK);
}
