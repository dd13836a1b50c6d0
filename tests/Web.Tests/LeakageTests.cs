using System.Net;

namespace Clearhours.Web.Tests;

/// <summary>The leakage screen: every client's unbilled billable time, priced, with one link each to start its report.</summary>
public sealed class LeakageTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task Each_clients_unbilled_time_is_shown_priced_with_totals_per_currency()
    {
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/unbilled", HttpStatusCode.OK, BuilderData.Unbilled());
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, page) = await browser.GetAsync("/leakage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Невыставленное время", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Время до 02.11.2026", page.QuerySelector("h2")!.TextContent);
        var rows = page.QuerySelectorAll("table.leakage tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["Acme LLC", "BYN", "12", "10,5", "1\u00A0036,98 BYN", "1,5 ч без ставки", "14.08.2026", "Начать отчёт"], rows[0]);
        Assert.Equal(["Nord GmbH", "EUR", "3", "4", "320,00 EUR", "—", "30.09.2026", "Начать отчёт"], rows[1]);
        Assert.Equal(["BYN: 10,5 ч, записей: 12", "1\u00A0036,98 BYN", "EUR: 4 ч, записей: 3", "320,00 EUR"],
            page.QuerySelectorAll("dl.totals dt, dl.totals dd").Select(e => e.TextContent.Trim()));
        var call = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/reports/unbilled");
        Assert.Equal(("GET", "Bearer token-of-maria"), (call.Method, call.Authorization));
    }

    [Fact]
    public async Task Each_row_links_to_the_builder_over_the_clients_unbilled_period()
    {
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/unbilled", HttpStatusCode.OK, BuilderData.Unbilled());
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (_, page) = await browser.GetAsync("/leakage");

        Assert.Equal(
        [
            $"reports/new?companyId={BuilderData.Acme}&from=2026-08-14&to=2026-11-01",
            $"reports/new?companyId={BuilderData.Nord}&from=2026-09-30&to=2026-11-01",
        ], page.QuerySelectorAll("table.leakage a").Select(a => a.GetAttribute("href")!));
        Assert.Equal("Начать отчёт: Acme LLC, BYN", page.QuerySelector("table.leakage a")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_age_comes_from_the_address_and_goes_to_the_api()
    {
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/unbilled", HttpStatusCode.OK, BuilderData.Unbilled());
        var (factory, log) = QueryLog.Around(app);
        using var _ = factory;
        using var browser = QueryLog.Browser(factory);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (_, defaultPage) = await browser.GetAsync("/leakage");
        var (_, olderPage) = await browser.GetAsync("/leakage?olderThanDays=60");

        Assert.Equal(["/api/reports/unbilled?olderThanDays=30", "/api/reports/unbilled?olderThanDays=60"],
            log.Sent.Where(p => p.StartsWith("/api/reports/unbilled")));
        Assert.Equal("30", defaultPage.QuerySelector("fluent-number-field")!.GetAttribute("value"));
        Assert.Equal("60", olderPage.QuerySelector("fluent-number-field")!.GetAttribute("value"));
    }

    [Fact]
    public async Task No_unbilled_time_says_so()
    {
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/unbilled", HttpStatusCode.OK,
            new { olderThanDays = 30, before = "2026-11-02", clients = Array.Empty<object>(), totals = Array.Empty<object>() });
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (_, page) = await browser.GetAsync("/leakage");

        Assert.Equal("Невыставленного времени нет.", page.QuerySelector(".notice.ok")!.TextContent);
        Assert.Null(page.QuerySelector("table"));
    }

    [Fact]
    public async Task A_refused_age_is_shown_with_the_apis_reason_and_correlation_id()
    {
        app.Gateway.Problem(HttpMethod.Get, "/api/reports/unbilled", HttpStatusCode.BadRequest, "0 to 3650 days.", "corr-leak-1");
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, page) = await browser.GetAsync("/leakage?olderThanDays=9999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector(".notice.error")!;
        Assert.Contains("0 to 3650 days.", notice.TextContent);
        Assert.Contains("corr-leak-1", notice.TextContent);
    }

    [Fact]
    public async Task An_accountant_is_refused_the_leakage_screen()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/leakage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path == "/api/reports/unbilled");
    }

    public void Dispose() => app.Dispose();
}
