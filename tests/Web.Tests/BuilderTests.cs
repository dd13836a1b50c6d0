using System.Net;
using AngleSharp.Dom;

namespace Clearhours.Web.Tests;

/// <summary>The report builder as a manager opens it: the filters' choices, the pre-filled link, the errors, the roles.</summary>
public sealed class BuilderTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task The_builder_offers_the_clients_work_types_and_statuses_fetched_as_the_signed_in_manager()
    {
        BuilderData.AnswerChoices(app.Gateway);
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, page) = await browser.GetAsync("/reports/new");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Новый отчёт", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["— выберите клиента —", "Acme LLC (BYN)", "Nord GmbH (EUR)"],
            page.QuerySelectorAll("#builder-client option").Select(o => o.TextContent));
        Assert.Equal("Клиент", page.QuerySelector("label[for=builder-client]")!.TextContent);
        Assert.Equal(["Development", "Meetings", "Open", "Done"], Checkboxes(page));
        Assert.Contains("Выберите клиента, чтобы увидеть его проекты.", page.Body!.TextContent);
        Assert.Equal(["Этот месяц", "Прошлый месяц"], page.QuerySelectorAll(".months fluent-button").Take(2).Select(b => b.TextContent.Trim()));
        // The header's bell asks Reporting too; the builder's own calls are to Tasks.
        var calls = app.Gateway.Requests.Where(r => r.Path is not "/api/auth/token" and not "/api/reports/notifications/unread").ToList();
        Assert.Equal(["/api/companies", "/api/tasks/work-types", "/api/tasks/statuses"], calls.Select(r => r.Path).Distinct());
        Assert.All(calls, r => Assert.Equal(("GET", "Bearer token-of-maria"), (r.Method, r.Authorization)));
    }

    [Fact]
    public async Task A_link_with_client_and_period_pre_fills_them_and_loads_the_clients_projects()
    {
        BuilderData.AnswerChoices(app.Gateway);
        var (factory, log) = QueryLog.Around(app);
        using var _ = factory;
        using var browser = QueryLog.Browser(factory);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (_, page) = await browser.GetAsync($"/reports/new?companyId={BuilderData.Acme}&from=2026-10-01&to=2026-10-31");

        Assert.Equal("Acme LLC (BYN)", page.QuerySelector("#builder-client option[selected]")!.TextContent);
        Assert.Equal(["01.10.2026", "31.10.2026"], page.QuerySelectorAll("fluent-text-field.fluent-datepicker").Select(d => d.GetAttribute("value")!));
        Assert.Equal(["Online shop", "Support", "Development", "Meetings", "Open", "Done"], Checkboxes(page));
        Assert.Contains($"/api/projects?companyId={BuilderData.Acme}&pageSize=500", log.Sent);
        Assert.Contains("/api/companies?pageSize=500", log.Sent);
    }

    [Fact]
    public async Task A_list_that_fails_is_shown_with_its_correlation_id()
    {
        BuilderData.AnswerChoices(app.Gateway);
        app.Gateway.Problem(HttpMethod.Get, "/api/companies", HttpStatusCode.ServiceUnavailable, "Tasks is not answering.", "corr-builder-1");
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, page) = await browser.GetAsync("/reports/new");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector(".notice.error")!;
        Assert.Contains("Tasks is not answering.", notice.TextContent);
        Assert.Contains("corr-builder-1", notice.TextContent);
    }

    [Fact]
    public async Task An_accountant_is_refused_the_builder()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/reports/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/companies") || r.Path.StartsWith("/api/tasks"));
    }

    [Fact]
    public async Task The_builder_speaks_english_when_asked()
    {
        BuilderData.AnswerChoices(app.Gateway);
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (_, page) = await browser.GetAsync("/reports/new?culture=en");

        Assert.Equal("New report", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Filters", "Period", "Projects", "Work types", "Task statuses"],
            page.QuerySelectorAll("h2, legend").Select(e => e.TextContent.Trim()));
    }

    private static List<string> Checkboxes(IDocument page) =>
        [.. page.QuerySelectorAll("fluent-checkbox").Select(c => c.TextContent.Trim())];

    public void Dispose() => app.Dispose();
}
