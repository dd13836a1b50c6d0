using System.Net;
using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>The accountant's invoices: the list with its filters, one invoice with its ledger, payments and cancelling.</summary>
public sealed class InvoicesTests : IDisposable
{
    private readonly WebApp app = new();
    private readonly List<Uri> sent = [];

    [Fact]
    public async Task The_list_shows_each_invoice_with_its_client_report_status_amounts_and_due_date()
    {
        using var browser = await SignedInAsync();
        app.Gateway.AnswerInvoices(
            Billing.Summary(Billing.InvoiceId, "СЧ-2026-0001", InvoiceStatus.PartiallyPaid, 1234.50m, 734.50m, new DateOnly(2026, 12, 31)),
            Billing.Summary(Billing.OverdueId, "СЧ-2026-0002", InvoiceStatus.Overdue, 200m, 200m, new DateOnly(2026, 10, 31)));

        var (response, page) = await browser.GetAsync("/invoices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Счета", page.QuerySelector("h1")!.TextContent);
        var rows = page.QuerySelectorAll("tr").Where(r => r.QuerySelector("td") is not null).ToList();
        Assert.Equal(2, rows.Count);
        var first = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["СЧ-2026-0001", "Acme LLC", "R-2026-0007", "Оплачен частично", "1 234,50 BYN", "734,50 BYN", "31.12.2026"],
            first.Select(c => c.Replace('\u00a0', ' ')));
        Assert.Equal($"invoices/{Billing.InvoiceId}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal($"reports/{Billing.ReportId}", rows[0].QuerySelectorAll("a")[2].GetAttribute("href"));
        Assert.DoesNotContain("overdue", rows[0].ClassName ?? "");
        Assert.Contains("overdue", rows[1].ClassName);
        Assert.Contains("Просрочен", rows[1].TextContent);
        Assert.Empty(page.QuerySelectorAll("main style"));
        Assert.Equal("Показаны 1–2 из 2", page.QuerySelector(".pager .summary")!.TextContent);
        var call = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/invoices");
        Assert.Equal("Bearer token-of-olga", call.Authorization);
    }

    [Fact]
    public async Task The_overdue_filter_asks_billing_for_overdue_invoices_only()
    {
        using var browser = await SignedInAsync();
        app.Gateway.AnswerInvoices(Billing.Summary(Billing.OverdueId, "СЧ-2026-0002", InvoiceStatus.Overdue, 200m, 200m, new DateOnly(2026, 10, 31)));

        var (_, page) = await browser.GetAsync("/invoices?status=Overdue&number=%D0%A1%D0%A7-2026");

        var query = Assert.Single(sent, u => u.AbsolutePath == "/api/invoices").Query;
        Assert.Equal("?status=Overdue&number=%D0%A1%D0%A7-2026&page=1&pageSize=50", query);
        Assert.NotNull(page.QuerySelector("fluent-checkbox[current-checked]"));
        Assert.Equal("Overdue", page.QuerySelector("select#status-filter option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_client_link_narrows_the_list_to_that_client()
    {
        using var browser = await SignedInAsync();
        app.Gateway.AnswerInvoices(Billing.Summary(Billing.InvoiceId, "СЧ-2026-0001", InvoiceStatus.Issued, 100m, 100m, new DateOnly(2026, 12, 31)));

        var (_, all) = await browser.GetAsync("/invoices");
        var clientLink = all.QuerySelectorAll("td a").Single(a => a.TextContent == "Acme LLC").GetAttribute("href")!;
        var (_, narrowed) = await browser.GetAsync("/" + clientLink);

        Assert.Equal($"invoices?companyId={Billing.CompanyId}", clientLink);
        Assert.Equal($"?companyId={Billing.CompanyId}&page=1&pageSize=50", sent.Last(u => u.AbsolutePath == "/api/invoices").Query);
        Assert.Contains("Клиент: Acme LLC.", narrowed.QuerySelector(".client-filter")!.TextContent);
    }

    [Fact]
    public async Task A_failed_list_shows_the_problem_with_its_correlation_id()
    {
        using var browser = await SignedInAsync();
        app.Gateway.Problem(HttpMethod.Get, "/api/invoices", HttpStatusCode.BadRequest, "One or more validation errors occurred.", "corr-inv-1");

        var (response, page) = await browser.GetAsync("/invoices?status=Overdue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("One or more validation errors occurred.", notice);
        Assert.Contains("corr-inv-1", notice);
    }

    [Fact]
    public async Task An_adjustment_line_shows_its_sum_with_neither_hours_nor_rate()
    {
        using var browser = await SignedInAsync();
        app.Gateway.Answer(HttpMethod.Get, $"/api/invoices/{Billing.InvoiceId}", HttpStatusCode.OK, Billing.Card() with
        {
            Lines = [new InvoiceLine(1, "WEB-1 Checkout page", 750, 98.76m, 1234.50m, true), new InvoiceLine(2, "Goodwill discount", 0, 0m, -20m, true)],
        });

        var (_, page) = await browser.GetAsync($"/invoices/{Billing.InvoiceId}");

        var rows = page.QuerySelectorAll("table").First().QuerySelectorAll("tr").Where(r => r.QuerySelector("td") is not null)
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u00a0', ' ')).ToList()).ToList();
        Assert.Equal(["1", "WEB-1 Checkout page", "12,5", "98,76 BYN", "1 234,50 BYN"], rows[0]);
        Assert.Equal(["2", "Goodwill discount", "", "", "-20,00 BYN"], rows[1]);
    }

    [Fact]
    public async Task An_invoice_shows_its_lines_ledger_with_dates_payments_and_balance()
    {
        using var browser = await SignedInAsync();
        app.Gateway.Answer(HttpMethod.Get, $"/api/invoices/{Billing.InvoiceId}", HttpStatusCode.OK, Billing.Card());

        var (response, page) = await browser.GetAsync($"/invoices/{Billing.InvoiceId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Счёт СЧ-2026-0001", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Оплачен частично", page.QuerySelector(".title .invoice-status")!.TextContent.Trim());
        Assert.Equal("734,50 BYN", page.QuerySelector("dd.balance")!.TextContent.Replace('\u00a0', ' '));
        Assert.Equal($"reports/{Billing.ReportId}", page.QuerySelectorAll("dd a").Single(a => a.TextContent == "R-2026-0007").GetAttribute("href"));
        var ledger = page.QuerySelector(".ledger")!;
        var entries = ledger.QuerySelectorAll("tr").Where(r => r.QuerySelector("td") is not null)
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u00a0', ' ')).ToList()).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("Выставлен", entries[0][2]);
        Assert.Equal("1 234,50 BYN", entries[0][3]);
        Assert.Equal("Оплата", entries[1][2]);
        Assert.Equal("500,00 BYN", entries[1][3]);
        Assert.Equal("734,50 BYN", entries[1][4]);
        Assert.StartsWith("05.10.2026", entries[1][1]);
        Assert.Equal("olga", entries[1][7]);
        Assert.Contains("WEB-1 Checkout page", page.Body!.TextContent);
        Assert.Contains("12,5", page.Body.TextContent);
        Assert.Contains("PP-17", page.Body.TextContent);
        Assert.NotNull(page.QuerySelectorAll("fluent-button").SingleOrDefault(b => b.TextContent.Trim() == "Аннулировать счёт"));
        Assert.NotNull(page.QuerySelector("#payment-amount"));
        Assert.Equal("Bearer token-of-olga", Assert.Single(app.Gateway.Requests, r => r.Path == $"/api/invoices/{Billing.InvoiceId}").Authorization);
        Assert.Empty(page.QuerySelectorAll("main style"));
        Assert.Empty(page.QuerySelectorAll("main [aria-label=required]"));
    }

    [Fact]
    public async Task An_unknown_invoice_says_so_with_the_correlation_id()
    {
        using var browser = await SignedInAsync();
        app.Gateway.Problem(HttpMethod.Get, $"/api/invoices/{Billing.InvoiceId}", HttpStatusCode.NotFound, "Invoice not found.", "corr-404");

        var (response, page) = await browser.GetAsync($"/invoices/{Billing.InvoiceId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invoice not found.", page.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("corr-404", page.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task A_manager_may_not_open_the_invoices()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, _) = await browser.GetAsync("/invoices");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/invoices"));
    }

    private async Task<Browser> SignedInAsync()
    {
        var browser = BillingRecorder.Open(app, sent);
        await browser.AsAccountantAsync(app);
        return browser;
    }

    public void Dispose() => app.Dispose();
}
