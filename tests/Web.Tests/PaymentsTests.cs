using System.Net;
using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>The accountant's payments: what came in, the unmatched ones with their reason, the filter, access.</summary>
public sealed class PaymentsTests : IDisposable
{
    private readonly WebApp app = new();
    private readonly List<Uri> sent = [];

    [Fact]
    public async Task The_list_shows_each_payment_with_source_external_id_amount_date_and_status()
    {
        using var browser = Recorder.Open(app, sent);
        await browser.AsAccountantAsync(app);
        app.Gateway.Answer(HttpMethod.Get, "/api/payments", HttpStatusCode.OK, Billing.Page(
            Billing.Payment(PaymentStatus.Unmatched, 90m, "PP-18", "No invoice has the number or payment reference 'СЧ-2026-0099'."),
            Billing.Payment(PaymentStatus.Applied, 500m, "PP-17")));

        var (response, page) = await browser.GetAsync("/payments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Платежи", page.QuerySelector("h1")!.TextContent);
        var rows = page.QuerySelectorAll(".payments tr").Where(r => r.QuerySelector("td") is not null).ToList();
        Assert.Equal(2, rows.Count);
        var cells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim().Replace('\u00a0', ' ')).ToList();
        Assert.Equal("05.10.2026", cells[0]);
        Assert.Equal("statement", cells[1]);
        Assert.Equal("PP-18", cells[2]);
        Assert.Equal("90,00 BYN", cells[4]);
        Assert.Contains("Не разнесён", cells[5]);
        Assert.Contains("No invoice has the number", cells[5]);
        Assert.Contains("unmatched", rows[0].ClassName);
        Assert.Equal("Разнести платёж PP-18", rows[0].QuerySelector("fluent-button")!.GetAttribute("aria-label"));
        Assert.Contains("Разнесён", rows[1].TextContent);
        Assert.Equal($"invoices/{Billing.InvoiceId}", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(rows[1].QuerySelector("fluent-button"));
        Assert.Equal("?page=1&pageSize=50", Assert.Single(sent, u => u.AbsolutePath == "/api/payments").Query);
        Assert.Equal("Bearer token-of-olga", Assert.Single(app.Gateway.Requests, r => r.Path == "/api/payments").Authorization);
        Assert.NotNull(page.QuerySelector("input[type=file]#statement-file"));
        Assert.Equal("Файл выписки", page.QuerySelector("label[for=statement-file]")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("main style"));
    }

    [Fact]
    public async Task The_unmatched_filter_asks_billing_for_unmatched_payments()
    {
        using var browser = Recorder.Open(app, sent);
        await browser.AsAccountantAsync(app);
        app.Gateway.Answer(HttpMethod.Get, "/api/payments", HttpStatusCode.OK, Billing.Page<PaymentView>());

        var (_, page) = await browser.GetAsync("/payments?unmatched=true");

        Assert.Equal("?status=unmatched&page=1&pageSize=50", Assert.Single(sent, u => u.AbsolutePath == "/api/payments").Query);
        Assert.NotNull(page.QuerySelector("fluent-checkbox[current-checked]"));
        Assert.Contains("Неразнесённых платежей нет.", page.Body!.TextContent);
    }

    [Fact]
    public async Task A_failed_list_shows_the_problem_with_its_correlation_id()
    {
        using var browser = Browser.Open(app);
        await browser.AsAccountantAsync(app);
        app.Gateway.Problem(HttpMethod.Get, "/api/payments", HttpStatusCode.ServiceUnavailable, "Billing is not answering.", "corr-pay-503");

        var (response, page) = await browser.GetAsync("/payments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("Billing is not answering.", notice);
        Assert.Contains("corr-pay-503", notice);
    }

    [Fact]
    public async Task A_manager_may_not_open_the_payments()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, _) = await browser.GetAsync("/payments");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/payments"));
    }

    public void Dispose() => app.Dispose();
}
