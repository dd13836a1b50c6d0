using System.Net;
using System.Net.Http.Json;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Model;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;

namespace Clearhours.Billing.Tests.Http;

/// <summary>GET /api/invoices and /api/invoices/{id} over HTTP with staff tokens, on the real database.</summary>
public sealed class InvoicesApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task Invoices_are_found_by_report_company_issue_date_and_number_newest_first()
    {
        var (acme, globex) = (Guid.NewGuid(), Guid.NewGuid());
        var november = await Staff.IssueAsync(1000m, new DateOnly(2026, 11, 20), companyId: acme);
        var december = await Staff.IssueAsync(2500.50m, new DateOnly(2026, 12, 1), companyId: acme);
        var other = await Staff.IssueAsync(300m, new DateOnly(2026, 12, 1), companyId: globex);

        Assert.Equal([other.Number, december.Number, november.Number], await NumbersAsync(""));
        Assert.Equal([december.Number], await NumbersAsync($"reportId={december.ReportId}"));
        Assert.Equal([december.Number, november.Number], await NumbersAsync($"companyId={acme}"));
        Assert.Equal([december.Number], await NumbersAsync($"companyId={acme}&from=2026-12-01&to=2026-12-31"));
        Assert.Equal([november.Number], await NumbersAsync("to=2026-11-30"));
        Assert.Equal([december.Number], await NumbersAsync($"number={december.Number}"));
        Assert.Equal([other.Number, december.Number, november.Number], await NumbersAsync("number=сч-2026"));
        Assert.Empty(await NumbersAsync("number=%25"));
        Assert.Empty(await NumbersAsync("number=_"));

        var page = await Staff.ReadAsync<Page<InvoiceSummary>>(await Staff.Accountant.GetAsync($"/api/invoices?reportId={december.ReportId}"), HttpStatusCode.OK);
        Assert.Equal(new InvoiceSummary(december.Id, december.Number, december.ReportId, december.ReportNumber, acme, "Acme", InvoiceStatus.Issued,
            "BYN", 2500.50m, 0m, 2500.50m, december.PaymentReference, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 15),
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), Assert.Single(page.Items));
    }

    [Fact]
    public async Task An_unpaid_invoice_past_its_due_date_reads_and_filters_as_Overdue_and_no_longer_as_Issued_or_PartiallyPaid()
    {
        App.Clock.Now = new DateTimeOffset(2026, 12, 20, 9, 0, 0, TimeSpan.Zero);
        var company = Guid.NewGuid();
        var late = await Staff.IssueAsync(1000m, new DateOnly(2026, 11, 20), companyId: company);          // due 12-04
        var lateAndPart = await Staff.IssueAsync(1000m, new DateOnly(2026, 11, 30), companyId: company);   // due 12-14
        var dueToday = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 6), companyId: company);       // due 12-20
        var paid = await Staff.IssueAsync(500m, new DateOnly(2026, 11, 1), companyId: company);            // due 11-15
        await PayAsync(lateAndPart, 400m);
        await PayAsync(paid, 500m);

        Assert.Equal([lateAndPart.Number, late.Number], await NumbersAsync($"companyId={company}&status=Overdue"));
        Assert.Equal([dueToday.Number], await NumbersAsync($"companyId={company}&status=Issued"));
        Assert.Empty(await NumbersAsync($"companyId={company}&status=PartiallyPaid"));
        Assert.Equal([paid.Number], await NumbersAsync($"companyId={company}&status=Paid"));
        var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{lateAndPart.Id}"), HttpStatusCode.OK);
        Assert.Equal((InvoiceStatus.Overdue, 400m, 600m), (card.Status, card.PaidAmount, card.Balance));

        App.Clock.Now = new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal([lateAndPart.Number], await NumbersAsync($"companyId={company}&status=PartiallyPaid"));
    }

    [Fact]
    public async Task An_invoice_shows_its_payments_and_a_ledger_of_who_did_what_and_when()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));
        App.Clock.Now = ManualClock.Start.AddHours(2);
        var first = await PayAsync(invoice, 400m);
        App.Clock.Now = ManualClock.Start.AddHours(3);
        var second = await PayAsync(invoice, 750m);

        var card = await Staff.ReadAsync<InvoiceCard>(await Staff.Accountant.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.OK);

        Assert.Equal((InvoiceStatus.Paid, 1000m, 0m), (card.Status, card.PaidAmount, card.Balance));
        Assert.Equal([(first.Id, 400m, 0m), (second.Id, 600m, 150m)], card.Payments.Select(p => (p.Id, p.AppliedAmount, p.CreditAmount)));
        Assert.Equal(
            [
                (1, LedgerKind.Issued, 1000m, 1000m, InvoiceStatus.Issued, "billing", ManualClock.Start),
                (2, LedgerKind.PaymentApplied, 400m, 600m, InvoiceStatus.PartiallyPaid, "accountant", ManualClock.Start.AddHours(2)),
                (3, LedgerKind.PaymentApplied, 600m, 0m, InvoiceStatus.Paid, "accountant", ManualClock.Start.AddHours(3)),
                (4, LedgerKind.ExcessToCredit, 150m, 0m, InvoiceStatus.Paid, "accountant", ManualClock.Start.AddHours(3)),
            ],
            card.Ledger.Select(l => (l.No, l.Kind, l.Amount, l.BalanceAfter, l.StatusAfter, l.By, l.At)));
        Assert.Contains(second.ExternalId, card.Ledger[2].Note);
    }

    [Theory]
    [InlineData("status=3", "status")]
    [InlineData("from=2026-12-31&to=2026-12-01", "to")]
    [InlineData("page=1000001", "page")]
    public async Task A_filter_that_cannot_be_met_is_a_400_naming_it(string query, string field)
    {
        using var response = await Staff.Accountant.GetAsync($"/api/invoices?{query}");

        Assert.Contains(field, await BillingStaff.FieldErrorsAsync(response));
    }

    [Theory]
    [InlineData("reportId=not-a-guid")]
    [InlineData("status=Late")]
    [InlineData("from=yesterday")]
    public async Task A_filter_of_the_wrong_shape_is_a_400(string query)
    {
        using var response = await Staff.Accountant.GetAsync($"/api/invoices?{query}");

        await BillingStaff.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_invoice_is_a_404_problem()
    {
        using var response = await Staff.Accountant.GetAsync($"/api/invoices/{Guid.NewGuid()}");

        var problem = await BillingStaff.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Invoice not found.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Invoices_are_for_accountants_and_admins_a_manager_gets_403_and_no_token_401()
    {
        var invoice = await Staff.IssueAsync(1000m, new DateOnly(2026, 12, 1));

        foreach (var (role, expected) in new (string?, HttpStatusCode)[]
                 {
                     ("accountant", HttpStatusCode.OK), ("admin", HttpStatusCode.OK), ("manager", HttpStatusCode.Forbidden),
                     (null, HttpStatusCode.Unauthorized),
                 })
        {
            using var list = await Staff.Client(role).GetAsync("/api/invoices");
            using var one = await Staff.Client(role).GetAsync($"/api/invoices/{invoice.Id}");
            Assert.Equal((expected, expected), (list.StatusCode, one.StatusCode));
        }
    }

    private async Task<PaymentView> PayAsync(Invoice invoice, decimal amount)
    {
        using var response = await Staff.Accountant.PostAsJsonAsync("/api/payments", new
        {
            externalId = $"PP-{Guid.NewGuid():N}",
            reference = invoice.PaymentReference,
            amount,
            currency = invoice.Currency,
            paidAt = App.Clock.Now,
        });
        var receipt = await Staff.ReadAsync<PaymentReceipt>(response, HttpStatusCode.Created);
        Assert.Equal(Infrastructure.PaymentOutcomeKind.Applied, receipt.Outcome);
        return receipt.Payment;
    }

    private async Task<List<string>> NumbersAsync(string query) =>
        [.. (await Staff.ReadAsync<Page<InvoiceSummary>>(await Staff.Accountant.GetAsync($"/api/invoices?{query}"), HttpStatusCode.OK))
            .Items.Select(i => i.Number)];
}
