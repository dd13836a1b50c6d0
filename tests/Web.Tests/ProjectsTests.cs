using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Catalog;

namespace Clearhours.Web.Tests;

/// <summary>/projects and a project's page with its rate card, as the signed-in manager.</summary>
public sealed class ProjectsTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task The_projects_page_lists_each_project_with_its_client_currency_rounding_and_billable_percents()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/projects", HttpStatusCode.OK, new Page<Project>([Catalog.Website], 1, 25, 1));

        var (response, page) = await browser.GetAsync("/projects");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Проекты", page.QuerySelector("h1")!.TextContent);
        var link = page.QuerySelector($"a[href='projects/{Catalog.WebsiteId}']")!;
        Assert.Equal("Website", link.TextContent);
        var row = link.Closest("tr")!.TextContent;
        Assert.Contains("Acme LLC", row);
        Assert.Contains("BYN", row);
        Assert.Contains("Вверх до 15 мин", row);
        Assert.Contains("Meetings 0 %", row);
        Assert.All(app.Gateway.Requests.Where(r => r.Path != "/api/auth/token"), r => Assert.Equal("Bearer token-of-maria", r.Authorization));
    }

    [Fact]
    public async Task A_projects_page_shows_its_rate_card_dated_per_work_type_and_person()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, $"/api/projects/{Catalog.WebsiteId}", HttpStatusCode.OK, Catalog.Website);

        var (_, page) = await browser.GetAsync($"/projects/{Catalog.WebsiteId}");

        Assert.Equal("Website", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Acme LLC", page.QuerySelector(".facts")!.TextContent);
        var rates = page.QuerySelectorAll(".rates tr").Skip(1).Select(r => r.TextContent).ToList();
        Assert.Equal(3, rates.Count);
        Assert.Contains("01.01.2026", rates[0]);
        Assert.Contains("Любой вид работ", rates[0]);
        Assert.Contains("Любой исполнитель", rates[0]);
        Assert.Contains("80,00 BYN", rates[0]);
        Assert.Contains("Development", rates[1]);
        Assert.Contains("98,76 BYN", rates[1]);
        Assert.Contains("01.09.2026", rates[2]);
        Assert.Contains("anna", rates[2]);
        Assert.Contains("120,00 BYN", rates[2]);
    }

    [Fact]
    public async Task A_project_that_does_not_exist_says_so_with_the_correlation_id()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Problem(HttpMethod.Get, $"/api/projects/{Catalog.WebsiteId}", HttpStatusCode.NotFound, "Project not found.", "corr-404");

        var (response, page) = await browser.GetAsync($"/projects/{Catalog.WebsiteId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector(".notice.error")!.TextContent;
        Assert.Contains("Project not found.", notice);
        Assert.Contains("corr-404", notice);
    }

    public void Dispose() => app.Dispose();

    private async Task<Browser> ManagerAsync()
    {
        var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, Catalog.Companies(Catalog.Acme, Catalog.Globex));
        app.Gateway.Answer(HttpMethod.Get, "/api/tasks/work-types", HttpStatusCode.OK, Catalog.WorkTypes);
        return browser;
    }
}

/// <summary>The rate card alone: adding a rate, the API's refusal, the rate in effect.</summary>
public sealed class RateCardTests : CatalogComponentTest
{
    private static readonly string RatesPath = $"/api/projects/{Catalog.WebsiteId}/rates";

    [Fact]
    public void Adding_a_rate_posts_the_work_type_person_rate_and_date_and_shows_the_card_the_api_answers()
    {
        var answered = Catalog.Website with { Rates = [.. Catalog.Website.Rates, new Rate("Design", "boris", 110.5m, new DateOnly(2026, 12, 1))] };
        Gateway.Answer(HttpMethod.Post, RatesPath, HttpStatusCode.OK, answered);
        Project? changed = null;
        var card = Render<RateCard>(p => p.Add(c => c.Project, Catalog.Website).Add(c => c.WorkTypes, Catalog.WorkTypes)
            .Add(c => c.Changed, project => changed = project));

        Field(card, "Действует с").Change("2026-12-01");
        card.FindAll("fluent-select").First(s => s.QuerySelector("fluent-option[value='Design']") is not null).Change("Design");
        Field(card, "Исполнитель (необязательно)").Change(" boris ");
        Field(card, "Ставка в час, BYN").Change("110,5");
        card.FindAll("fluent-button").First(b => b.TextContent.Contains("Добавить ставку")).Click();

        card.WaitForAssertion(() => Assert.Equal(4, changed?.Rates.Count));
        var body = SentBody(HttpMethod.Post, RatesPath);
        Assert.Equal("Design", body.GetProperty("workType").GetString());
        Assert.Equal("boris", body.GetProperty("person").GetString());
        Assert.Equal(110.5m, body.GetProperty("hourlyRate").GetDecimal());
        Assert.Equal("2026-12-01", body.GetProperty("effectiveFrom").GetString());
        Assert.Contains("Ставка 110,50 BYN с 01.12.2026 добавлена.", card.Find(".notice.ok").TextContent);
    }

    [Fact]
    public void A_default_rate_leaves_work_type_and_person_out()
    {
        Gateway.Answer(HttpMethod.Post, RatesPath, HttpStatusCode.OK, Catalog.Website);
        var card = Render<RateCard>(p => p.Add(c => c.Project, Catalog.Website).Add(c => c.WorkTypes, Catalog.WorkTypes));

        Field(card, "Действует с").Change("2027-01-01");
        Field(card, "Ставка в час, BYN").Change("85.00");
        card.FindAll("fluent-button").First(b => b.TextContent.Contains("Добавить ставку")).Click();

        card.WaitForAssertion(() => Assert.Single(Gateway.Requests));
        var body = SentBody(HttpMethod.Post, RatesPath);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("workType").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("person").ValueKind);
        Assert.Equal(85m, body.GetProperty("hourlyRate").GetDecimal());
    }

    [Fact]
    public void A_rate_that_is_not_a_number_is_said_so_and_nothing_is_sent()
    {
        var card = Render<RateCard>(p => p.Add(c => c.Project, Catalog.Website).Add(c => c.WorkTypes, Catalog.WorkTypes));

        Field(card, "Ставка в час, BYN").Change("дорого");
        card.FindAll("fluent-button").First(b => b.TextContent.Contains("Добавить ставку")).Click();

        Assert.Equal("Введите ставку числом, например 98,50.", card.Find(".field-error").TextContent);
        Assert.Empty(Gateway.Requests);
    }

    [Fact]
    public void A_rate_in_a_billed_period_shows_the_apis_reason_with_the_correlation_id()
    {
        Gateway.Problem(HttpMethod.Post, RatesPath, HttpStatusCode.Conflict, "Billed period.", "corr-409");
        var card = Render<RateCard>(p => p.Add(c => c.Project, Catalog.Website).Add(c => c.WorkTypes, Catalog.WorkTypes));

        Field(card, "Ставка в час, BYN").Change("100");
        card.FindAll("fluent-button").First(b => b.TextContent.Contains("Добавить ставку")).Click();

        card.WaitForAssertion(() => Assert.Contains("Billed period.", card.Find(".notice.error").TextContent));
        Assert.Contains("corr-409", card.Find(".notice.error").TextContent);
        Assert.Empty(card.FindAll(".notice.ok"));
    }

    [Fact]
    public void The_rate_in_effect_is_asked_of_the_api_and_shown_in_the_projects_currency()
    {
        Gateway.Answer(HttpMethod.Get, $"/api/projects/{Catalog.WebsiteId}/rate", HttpStatusCode.OK, new RateAnswer(120m, "BYN"));
        var card = Render<RateCard>(p => p.Add(c => c.Project, Catalog.Website).Add(c => c.WorkTypes, Catalog.WorkTypes));

        Field(card, "Исполнитель").Change("anna");
        card.FindAll("fluent-select").Last().Change("Development");
        Field(card, "На дату").Change("2026-10-15");
        card.FindAll("fluent-button").First(b => b.TextContent.Contains("Узнать ставку")).Click();

        card.WaitForAssertion(() => Assert.Equal("Действует ставка 120,00 BYN в час.", card.Find(".in-effect").TextContent));
        Assert.Single(Gateway.Requests, r => r.Path == $"/api/projects/{Catalog.WebsiteId}/rate");
    }
}

/// <summary>The project form alone: what it sends.</summary>
public sealed class ProjectFormTests : CatalogComponentTest
{
    [Fact]
    public void A_new_project_is_posted_with_its_client_rounding_and_billable_percents()
    {
        Gateway.Answer(HttpMethod.Post, "/api/projects", HttpStatusCode.Created, Catalog.Website);
        Project? saved = null;
        var form = Render<ProjectForm>(p => p.Add(f => f.Companies, [Catalog.Acme, Catalog.Globex]).Add(f => f.WorkTypes, Catalog.WorkTypes)
            .Add(f => f.CompanyId, Catalog.AcmeId).Add(f => f.Saved, project => saved = project));

        Field(form, "Проект").Change("Website");
        Field(form, "Округление").Change("Up");
        Field(form, "Шаг округления").Change("15");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Добавить вид работ")).Click();
        Field(form, "Вид работ 1").Change("Meetings");
        Field(form, "Доля 1").Change("0");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        form.WaitForAssertion(() => Assert.NotNull(saved));
        var body = SentBody(HttpMethod.Post, "/api/projects");
        Assert.Equal(Catalog.AcmeId, body.GetProperty("companyId").GetGuid());
        Assert.Equal("Website", body.GetProperty("name").GetString());
        Assert.Equal("BYN", body.GetProperty("currency").GetString());
        Assert.Equal("Up", body.GetProperty("roundingMode").GetString());
        Assert.Equal(15, body.GetProperty("roundingIncrementMinutes").GetInt32());
        var percent = Assert.Single(body.GetProperty("billablePercents").EnumerateArray());
        Assert.Equal("Meetings", percent.GetProperty("workType").GetString());
        Assert.Equal(0, percent.GetProperty("percent").GetInt32());
    }

    [Fact]
    public void A_billed_project_moved_to_another_currency_shows_the_apis_reason()
    {
        Gateway.Problem(HttpMethod.Put, $"/api/projects/{Catalog.WebsiteId}", HttpStatusCode.Conflict, "Billed time.", "corr-409");
        var form = Render<ProjectForm>(p => p.Add(f => f.Project, Catalog.Website).Add(f => f.Companies, [Catalog.Acme])
            .Add(f => f.WorkTypes, Catalog.WorkTypes));

        Field(form, "Валюта").Change("EUR");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        form.WaitForAssertion(() => Assert.Contains("Billed time.", form.Find(".notice.error").TextContent));
        Assert.Contains("corr-409", form.Find(".notice.error").TextContent);
        Assert.Equal("EUR", SentBody(HttpMethod.Put, $"/api/projects/{Catalog.WebsiteId}").GetProperty("currency").GetString());
    }
}
