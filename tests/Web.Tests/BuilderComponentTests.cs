using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Builder;
using Clearhours.Web.Components.Pages.Staff.Builder;
using Clearhours.Web.Staff;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Clearhours.Web.Tests;

/// <summary>The builder's pieces with logic, rendered alone: the month shortcuts, the line picker, the live totals, the whole flow.</summary>
public sealed class BuilderComponentTests : BunitContext
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private readonly FakeGateway gateway;

    public BuilderComponentTests() => gateway = this.UseStaff();

    [Fact]
    public void The_month_shortcuts_are_this_month_last_month_and_four_before_each_setting_the_whole_month()
    {
        var criteria = new BuilderCriteria();
        var changes = 0;
        var filters = Render<BuilderFilters>(p => p.Add(f => f.Criteria, criteria).Add(f => f.Today, Today).Add(f => f.OnChanged, () => changes++));

        Assert.Equal(["Этот месяц", "Прошлый месяц", "Октябрь 2026", "Сентябрь 2026", "Август 2026", "Июль 2026"], MonthButtons(filters));

        filters.FindAll(".months fluent-button")[1].Click();
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (criteria.From!.Value, criteria.To!.Value));
        filters.FindAll(".months fluent-button")[0].Click();
        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)), (criteria.From!.Value, criteria.To!.Value));
        filters.FindAll(".months fluent-button")[3].Click();

        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30)), (criteria.From!.Value, criteria.To!.Value));
        Assert.Equal(["01.09.2026", "30.09.2026"], filters.FindAll("fluent-text-field.fluent-datepicker").Select(d => d.GetAttribute("value")!));
        Assert.Equal("accent", filters.FindAll(".months fluent-button")[3].GetAttribute("appearance"));
        Assert.Equal(3, changes);
    }

    [Fact]
    public void The_months_back_cross_the_year()
    {
        Assert.Equal(
            [(new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 28)), (new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 31)),
             (new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)), (new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)),
             (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)), (new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30))],
            BuilderCriteria.Months(new DateOnly(2027, 2, 28)));
    }

    [Fact]
    public async Task The_filters_ticked_and_typed_become_the_previews_request()
    {
        var criteria = new BuilderCriteria { CompanyId = BuilderData.Acme };
        var filters = Render<BuilderFilters>(p => p.Add(f => f.Criteria, criteria).Add(f => f.Today, Today)
            .Add(f => f.Projects, [new ProjectChoice(BuilderData.Shop, BuilderData.Acme, "Online shop", "BYN"), new ProjectChoice(BuilderData.Support, BuilderData.Acme, "Support", "BYN")])
            .Add(f => f.WorkTypes, [new WorkTypeChoice("Development", 100), new WorkTypeChoice("Meetings", 0)])
            .Add(f => f.Statuses, [new TaskStatusChoice("Open", 1), new TaskStatusChoice("Done", 2)]));

        Assert.True(filters.Find("fluent-button[appearance=accent]").HasAttribute("disabled"));
        await Check(filters, "Support", true);
        await Check(filters, "Meetings", true);
        await Check(filters, "Done", true);
        await Check(filters, "Open", true);
        await Check(filters, "Open", false);
        filters.FindAll("fluent-text-field")[^1].Change("Anna Petrova, Boris; Anna Petrova");
        filters.FindAll("fluent-number-field")[0].Change("50");
        filters.FindAll(".months fluent-button")[1].Click();

        var request = criteria.ToRequest();
        Assert.Equal((BuilderData.Acme, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), (int?)50, (int?)null),
            (request.CompanyId, request.From, request.To, request.MinBillablePercent, request.MaxBillablePercent));
        Assert.Equal([BuilderData.Support], criteria.ToRequest().ProjectIds!);
        Assert.Equal(["Meetings"], criteria.ToRequest().WorkTypes!);
        Assert.Equal(["Done"], criteria.ToRequest().Statuses!);
        Assert.Equal(["Anna Petrova", "Boris"], criteria.ToRequest().Persons!);
        Assert.False(filters.Find("fluent-button[appearance=accent]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_picker_keeps_a_tasks_lines_together_and_marks_unpriced_and_not_billable_lines_in_words()
    {
        var preview = Preview();
        var table = Render<PreviewTable>(p => p.Add(t => t.Answer, preview).Add(t => t.Excluded, []));

        var rows = table.FindAll("tbody tr");
        Assert.Equal(["WEB-1 Checkout page", "WEB-1 Checkout page", "WEB-2 Internal demo"],
            rows.Select(r => r.QuerySelector(".task a, .task > span")!.TextContent));
        Assert.Equal("Без ставки: в тарифах проекта нет ставки для этой работы", rows[1].QuerySelector(".reason")!.TextContent);
        Assert.Equal("Не оплачивается: Meetings, 0 %", rows[2].QuerySelector(".reason")!.TextContent);
        Assert.Null(rows[0].QuerySelector(".reason"));
        Assert.Equal("https://planner.example/WEB-1", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(rows[2].QuerySelector("a"));
        Assert.Equal(["Факт, ч", "К оплате, ч", "Ставка", "Сумма"], table.FindAll("th").Skip(2).Select(h => h.TextContent.Trim()));
        Assert.Equal(["12,5", "12,5", "98,76 BYN", "1\u00A0234,50 BYN"], rows[0].QuerySelectorAll("td").Skip(2).Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Unticking_a_line_leaves_it_out_and_ticking_it_takes_it_back()
    {
        var excluded = new HashSet<(Guid, decimal?)>();
        var changes = 0;
        var table = Render<PreviewTable>(p => p.Add(t => t.Answer, Preview()).Add(t => t.Excluded, excluded).Add(t => t.OnChanged, () => changes++));

        await table.FindAll("tbody fluent-checkbox")[0].TriggerEventAsync("oncheckedchange", new CheckboxChangeEventArgs { Checked = false });

        Assert.Equal((BuilderData.Checkout, (decimal?)98.76m), Assert.Single(excluded));
        Assert.Contains("excluded", table.FindAll("tbody tr")[0].ClassName);
        Assert.Equal("Исключена из отчёта", table.FindAll("tbody tr")[0].QuerySelector(".reason.excluded")!.TextContent);
        Assert.Equal("Включить в отчёт: WEB-1 Checkout page", table.FindAll("tbody fluent-checkbox")[0].GetAttribute("aria-label"));

        await table.FindAll("tbody fluent-checkbox")[0].TriggerEventAsync("oncheckedchange", new CheckboxChangeEventArgs { Checked = true });

        Assert.Empty(excluded);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void The_live_totals_add_the_included_lines_and_the_adjustments()
    {
        var preview = Preview();
        var totals = Render<LiveTotals>(p => p.Add(t => t.Lines, preview.Lines).Add(t => t.Currency, "BYN")
            .Add(t => t.Excluded, new HashSet<(Guid, decimal?)> { (BuilderData.Demo, 50m) })
            .Add(t => t.Adjustments, [new AdjustmentRequest("Loyalty discount", -34.50m, "Agreed"), new AdjustmentRequest("Rush", 100m, "Weekend")]));

        Assert.Equal(["2 из 3", "14,5", "12,5", "1\u00A0234,50 BYN", "65,50 BYN", "1\u00A0300,00 BYN"],
            totals.FindAll("dd").Select(d => d.TextContent));
    }

    [Fact]
    public void An_adjustment_needs_a_description_an_amount_and_a_reason_and_can_be_removed()
    {
        var adjustments = new List<AdjustmentRequest>();
        var form = Render<AdjustmentLines>(p => p.Add(a => a.Adjustments, adjustments).Add(a => a.Currency, "BYN"));

        form.FindAll("fluent-text-field")[0].Change("Loyalty discount");
        form.FindAll("fluent-number-field")[0].Change("-34.5");
        form.Find("fluent-button").Click();
        Assert.Equal("Укажите причину корректировки.", form.Find("[role=alert]").TextContent);
        Assert.Empty(adjustments);

        form.FindAll("fluent-text-field")[1].Change("Agreed in September");
        form.FindAll("fluent-button")[^1].Click();

        Assert.Equal([new AdjustmentRequest("Loyalty discount", -34.5m, "Agreed in September")], adjustments);
        Assert.Empty(form.FindAll("[role=alert]"));
        Assert.Equal("-34,50 BYN", form.Find(".adjustment-list .num").TextContent);
        Assert.Equal("Удалить корректировку «Loyalty discount»", form.Find(".adjustment-list fluent-button").GetAttribute("aria-label"));

        form.Find(".adjustment-list fluent-button").Click();
        Assert.Empty(adjustments);
    }

    [Fact]
    public async Task A_linked_client_and_period_are_previewed_then_the_draft_is_created_with_the_picks_and_the_card_opens()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Answer(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.OK, BuilderData.Preview());
        gateway.Answer(HttpMethod.Post, "/api/reports", HttpStatusCode.Created, BuilderData.Draft());
        gateway.Answer(HttpMethod.Post, $"/api/reports/{BuilderData.ReportId}/lines/2/exclude", HttpStatusCode.OK, BuilderData.Draft());
        gateway.Answer(HttpMethod.Post, $"/api/reports/{BuilderData.ReportId}/adjustments", HttpStatusCode.OK, BuilderData.Draft());

        var page = OpenLinked();
        page.WaitForElement("table.preview-lines");

        var preview = Assert.Single(gateway.Requests, r => r.Path == "/api/reports/preview");
        Assert.Equal("Bearer token-of-maria", preview.Authorization);
        Assert.Equal(JsonSerializer.Serialize(new
        {
            companyId = BuilderData.Acme, from = "2026-10-01", to = "2026-10-31", projectIds = (object?)null, workTypes = (object?)null,
            statuses = (object?)null, persons = (object?)null, minBillablePercent = (int?)null, maxBillablePercent = (int?)null,
        }), preview.Body);
        Assert.Equal("1\u00A0234,50 BYN", page.Find("[data-testid=live-total]").TextContent);
        Assert.Contains("Все строки по расчёту сервиса отчётов: 1\u00A0234,50 BYN, к оплате 12,5 ч.", page.Find(".live-totals").TextContent);

        await page.FindAll("table.preview-lines tbody fluent-checkbox")[2].TriggerEventAsync("oncheckedchange", new CheckboxChangeEventArgs { Checked = false });
        page.Find(".adjustment-form fluent-text-field").Change("Loyalty discount");
        page.Find(".adjustment-form fluent-number-field").Change("-34.5");
        page.FindAll(".adjustment-form fluent-text-field")[1].Change("Agreed in September");
        page.Find(".adjustment-form fluent-button").Click();
        Assert.Equal("1\u00A0200,00 BYN", page.Find("[data-testid=live-total]").TextContent);

        page.Find(".create fluent-text-field").Change("October");
        page.Find(".create fluent-button").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/reports/{BuilderData.ReportId}", Services.GetRequiredService<NavigationManager>().Uri));
        var calls = gateway.Requests.Where(r => r.Method == "POST" && r.Path != "/api/reports/preview").ToList();
        Assert.Equal(["/api/reports", $"/api/reports/{BuilderData.ReportId}/lines/2/exclude", $"/api/reports/{BuilderData.ReportId}/adjustments"],
            calls.Select(c => c.Path));
        Assert.All(calls, c => Assert.Equal("Bearer token-of-maria", c.Authorization));
        Assert.Equal(JsonSerializer.Serialize(new
        {
            companyId = BuilderData.Acme, from = "2026-10-01", to = "2026-10-31", title = "October", projectIds = (object?)null,
            workTypes = (object?)null, statuses = (object?)null, persons = (object?)null, minBillablePercent = (int?)null, maxBillablePercent = (int?)null,
        }), calls[0].Body);
        Assert.Equal("""{"description":"Loyalty discount","amount":-34.5,"reason":"Agreed in September"}""", calls[2].Body);
    }

    [Fact]
    public void A_refused_creation_shows_the_apis_reason_with_its_correlation_id_and_stays()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Answer(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.OK, BuilderData.Preview());
        gateway.Problem(HttpMethod.Post, "/api/reports", HttpStatusCode.Conflict, "Time already in another report.", "corr-create-1");

        var page = OpenLinked();
        page.WaitForElement("table.preview-lines");
        page.Find(".create fluent-button").Click();

        page.WaitForAssertion(() => Assert.Contains("corr-create-1", page.Find(".create .notice.error").TextContent));
        Assert.Contains("Time already in another report.", page.Find(".create .notice.error").TextContent);
        Assert.Contains("/reports/new?", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.DoesNotContain(gateway.Requests, r => r.Path.Contains("/exclude") || r.Path.Contains("/adjustments"));
    }

    [Fact]
    public async Task A_draft_whose_picks_fail_to_apply_says_so_and_links_to_the_draft()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Answer(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.OK, BuilderData.Preview());
        gateway.Answer(HttpMethod.Post, "/api/reports", HttpStatusCode.Created, BuilderData.Draft());
        gateway.Problem(HttpMethod.Post, $"/api/reports/{BuilderData.ReportId}/lines/3/exclude", HttpStatusCode.NotFound, "Report R-2026-0042 has no line 3.", "corr-exclude-1");

        var page = OpenLinked();
        page.WaitForElement("table.preview-lines");
        await page.FindAll("table.preview-lines tbody fluent-checkbox")[1].TriggerEventAsync("oncheckedchange", new CheckboxChangeEventArgs { Checked = false });
        page.Find(".create fluent-button").Click();

        page.WaitForAssertion(() => Assert.Contains("corr-exclude-1", page.Find(".create .notice.error").TextContent));
        Assert.Contains("Черновик R-2026-0042 создан, но не всё из выбранного применено.", page.Find(".create .notice.warning").TextContent);
        Assert.Equal($"reports/{BuilderData.ReportId}", page.Find(".create .notice.warning a").GetAttribute("href"));
        Assert.Contains("/reports/new?", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.True(page.Find(".create fluent-button").HasAttribute("disabled"));
    }

    [Fact]
    public void Changing_a_filter_after_the_preview_asks_for_a_new_preview_before_creating()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Answer(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.OK, BuilderData.Preview());

        var page = OpenLinked();
        page.WaitForElement("table.preview-lines");
        Assert.False(page.Find(".create fluent-button").HasAttribute("disabled"));
        page.FindAll(".months fluent-button")[1].Click();

        Assert.Equal("Фильтры изменились после предпросмотра: обновите предпросмотр, чтобы создать отчёт.", page.Find(".preview > .notice.warning").TextContent);
        Assert.True(page.Find(".create fluent-button").HasAttribute("disabled"));
        page.Find(".builder-filters > fluent-button").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".preview > .notice.warning")));
        Assert.Contains("\"from\":\"2026-11-01\",\"to\":\"2026-11-30\"", gateway.Requests.Last(r => r.Path == "/api/reports/preview").Body);
        Assert.False(page.Find(".create fluent-button").HasAttribute("disabled"));
    }

    [Fact]
    public void Earlier_unbilled_time_is_named_per_project_and_one_click_widens_the_period_and_previews_again()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Answer(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.OK, BuilderData.Preview(new EarlierUnbilledTime(4, 150,
            new DateOnly(2026, 8, 14), [new UnbilledProject(BuilderData.Shop, "Online shop", 4, 150, new DateOnly(2026, 8, 14))])));

        var page = OpenLinked();
        page.WaitForElement("table.preview-lines");

        var warning = page.Find(".notice.warning");
        Assert.Contains("До начала периода 4 записей (2,5 ч) не вошли ни в один отчёт, самая ранняя — 14.08.2026.", warning.TextContent);
        Assert.Equal("Online shop: 2,5 ч с 14.08.2026", warning.QuerySelector("li")!.TextContent);
        warning.QuerySelector("fluent-button")!.Click();

        page.WaitForAssertion(() => Assert.Equal(2, gateway.Requests.Count(r => r.Path == "/api/reports/preview")));
        Assert.Contains("\"from\":\"2026-08-14\",\"to\":\"2026-10-31\"", gateway.Requests.Last(r => r.Path == "/api/reports/preview").Body);
    }

    [Fact]
    public void A_failed_preview_is_shown_with_its_correlation_id()
    {
        BuilderData.AnswerChoices(gateway);
        gateway.Problem(HttpMethod.Post, "/api/reports/preview", HttpStatusCode.Conflict, "The projects bill in several currencies.", "corr-preview-1");

        var page = OpenLinked();

        page.WaitForAssertion(() => Assert.Contains("corr-preview-1", page.Find(".notice.error").TextContent));
        Assert.Contains("The projects bill in several currencies.", page.Find(".notice.error").TextContent);
        Assert.Empty(page.FindAll("table.preview-lines"));
    }

    /// <summary>The builder as a link from the leakage screen opens it: Acme over October 2026.</summary>
    private IRenderedComponent<NewReport> OpenLinked()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/reports/new?companyId={BuilderData.Acme}&from=2026-10-01&to=2026-10-31");
        return Render<NewReport>(p => p.Add(r => r.Today, Today));
    }

    private static PreviewAnswer Preview() =>
        JsonSerializer.Deserialize<PreviewAnswer>(JsonSerializer.Serialize(BuilderData.Preview(), FakeGateway.Json), GatewayApi.Json)!;

    private static List<string> MonthButtons(IRenderedComponent<BuilderFilters> filters) =>
        [.. filters.FindAll(".months fluent-button").Select(b => b.TextContent.Trim())];

    /// <summary>Ticks or unticks a box as the browser does; awaited, as the checkbox finishes its change asynchronously.</summary>
    private static Task Check(IRenderedComponent<BuilderFilters> filters, string label, bool on) =>
        filters.FindAll("fluent-checkbox").Single(c => c.TextContent.Trim() == label)
            .TriggerEventAsync("oncheckedchange", new CheckboxChangeEventArgs { Checked = on });
}
