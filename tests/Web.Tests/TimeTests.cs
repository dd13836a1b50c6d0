using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Catalog;

namespace Clearhours.Web.Tests;

/// <summary>/time: tasks with their planner links and time entries, filtered, as the signed-in manager.</summary>
public sealed class TimeTests : IDisposable
{
    private static readonly Guid TaskId = Guid.Parse("44444444-4444-4444-4444-444444444444");
    private static readonly Guid OtherTaskId = Guid.Parse("55555555-5555-5555-5555-555555555555");
    private readonly WebApp app = new();

    public static TaskItem Checkout => new(TaskId, "t-1", Catalog.WebsiteId, Catalog.AcmeId, "Checkout page", "Development", "Done", 100,
        "anna", new DateOnly(2026, 10, 20), "WEB-1", "https://planner.example/WEB-1", TaskBillingState.InReport, 2);

    public static TimeEntry Entry(Guid taskId, TimeBillingState state = TimeBillingState.InReport) => new(Guid.NewGuid(), "e-1", taskId,
        Catalog.WebsiteId, Catalog.AcmeId, "anna", new DateOnly(2026, 10, 5), 90, "Layout", "Development", 100, state,
        state == TimeBillingState.Unbilled ? null : Guid.NewGuid(), state == TimeBillingState.Unbilled ? null : "R-2026-0007", 1);

    [Fact]
    public async Task The_time_page_shows_tasks_with_their_planner_links_and_entries_with_their_tasks_hours_and_reports()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/tasks", HttpStatusCode.OK, new Page<TaskItem>([Checkout], 1, 25, 1));
        app.Gateway.Answer(HttpMethod.Get, "/api/time-entries", HttpStatusCode.OK,
            new Page<TimeEntry>([Entry(TaskId), Entry(OtherTaskId, TimeBillingState.Unbilled)], 1, 25, 2));
        app.Gateway.Answer(HttpMethod.Get, $"/api/tasks/{OtherTaskId}", HttpStatusCode.OK,
            Checkout with { Id = OtherTaskId, Title = "Search", ExternalKey = "WEB-2", ExternalUrl = null });

        var (response, page) = await browser.GetAsync("/time");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Задачи и время", page.QuerySelector("h1")!.TextContent);
        var planner = page.QuerySelector("a[href='https://planner.example/WEB-1']")!;
        Assert.Equal("WEB-1 Checkout page", planner.TextContent);
        Assert.Contains("В отчёте", planner.Closest("tr")!.TextContent);
        var entries = page.QuerySelectorAll("section[aria-labelledby=time-title] tr").Skip(1).Select(r => r.TextContent).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains("05.10.2026", entries[0]);
        Assert.Contains("WEB-1 Checkout page", entries[0]);
        Assert.Contains("1,5", entries[0]);
        Assert.Contains("R-2026-0007", entries[0]);
        Assert.Contains("WEB-2 Search", entries[1]);
        Assert.Contains("Не выставлено", entries[1]);
        Assert.Single(app.Gateway.Requests, r => r.Path == $"/api/tasks/{OtherTaskId}"); // a task already listed is not asked for again
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path == $"/api/tasks/{TaskId}");
        Assert.All(app.Gateway.Requests.Where(r => r.Path != "/api/auth/token"), r => Assert.Equal("Bearer token-of-maria", r.Authorization));
    }

    [Fact]
    public async Task A_failed_time_list_is_shown_with_its_correlation_id_and_the_tasks_still_are()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/tasks", HttpStatusCode.OK, new Page<TaskItem>([Checkout], 1, 25, 1));
        app.Gateway.Problem(HttpMethod.Get, "/api/time-entries", HttpStatusCode.BadRequest, "One or more validation errors occurred.", "corr-time");

        var (_, page) = await browser.GetAsync("/time");

        Assert.Contains("corr-time", page.QuerySelector("section[aria-labelledby=time-title] .notice.error")!.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='https://planner.example/WEB-1']"));
    }

    [Fact]
    public async Task An_accountant_is_refused_the_time()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/time");

        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
    }

    public void Dispose() => app.Dispose();

    private async Task<Browser> ManagerAsync()
    {
        var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, Catalog.Companies(Catalog.Acme));
        app.Gateway.Answer(HttpMethod.Get, "/api/projects", HttpStatusCode.OK, new Page<Project>([Catalog.Website], 1, 500, 1));
        app.Gateway.Answer(HttpMethod.Get, "/api/tasks/work-types", HttpStatusCode.OK, Catalog.WorkTypes);
        app.Gateway.Answer(HttpMethod.Get, "/api/tasks/statuses", HttpStatusCode.OK, new List<WorkflowStatus> { new("Open", 1), new("Done", 2) });
        return browser;
    }
}

/// <summary>The lists' filters as query strings: only what is set, escaped.</summary>
public sealed class CatalogFilterTests
{
    [Fact]
    public void The_time_filter_sends_each_set_filter_with_dates_as_the_api_reads_them() =>
        Assert.Equal($"?companyId={Catalog.AcmeId}&person=anna%20k&from=2026-10-01&to=2026-10-31&billingState=Unbilled&page=2&pageSize=25",
            new TimeFilter(CompanyId: Catalog.AcmeId, Person: " anna k ", From: new DateOnly(2026, 10, 1), To: new DateOnly(2026, 10, 31),
                BillingState: TimeBillingState.Unbilled).Query(2, 25));

    [Fact]
    public void The_task_filter_leaves_out_what_is_not_set_and_escapes_the_search() =>
        Assert.Equal($"?projectId={Catalog.WebsiteId}&billingState=PartlyPaid&search=a%26b%3D1&page=1&pageSize=25",
            new TaskFilter(ProjectId: Catalog.WebsiteId, WorkType: " ", BillingState: TaskBillingState.PartlyPaid, Search: "a&b=1").Query(1, 25));
}

/// <summary>A time entry edited alone: what it sends, and billed time refused in the API's words.</summary>
public sealed class TimeEntryEditorTests : CatalogComponentTest
{
    [Fact]
    public void Saving_puts_the_entry_with_its_task_person_date_minutes_and_comment()
    {
        var entry = TimeTests.Entry(Guid.NewGuid(), TimeBillingState.Unbilled);
        Gateway.Answer(HttpMethod.Put, $"/api/time-entries/{entry.Id}", HttpStatusCode.OK, entry with { Minutes = 120 });
        TimeEntry? saved = null;
        var editor = Render<TimeEntryEditor>(p => p.Add(e => e.Entry, entry).Add(e => e.TaskTitle, "WEB-1 Checkout page").Add(e => e.Saved, e => saved = e));

        Field(editor, "Минуты").Change("120");
        Field(editor, "Дата").Change("2026-10-06");
        editor.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        editor.WaitForAssertion(() => Assert.Equal(120, saved?.Minutes));
        var body = SentBody(HttpMethod.Put, $"/api/time-entries/{entry.Id}");
        Assert.Equal(entry.TaskId, body.GetProperty("taskId").GetGuid());
        Assert.Equal("anna", body.GetProperty("person").GetString());
        Assert.Equal("2026-10-06", body.GetProperty("workDate").GetString());
        Assert.Equal(120, body.GetProperty("minutes").GetInt32());
        Assert.Equal("Layout", body.GetProperty("comment").GetString());
    }

    [Fact]
    public void Billed_time_is_refused_with_the_apis_reason_and_correlation_id()
    {
        var entry = TimeTests.Entry(Guid.NewGuid());
        Gateway.Answer(HttpMethod.Put, $"/api/time-entries/{entry.Id}", HttpStatusCode.Conflict, new Dictionary<string, object>
        {
            ["title"] = "Billed time cannot change.",
            ["detail"] = "The entry is claimed by report R-2026-0007.",
            ["status"] = 409,
            ["correlationId"] = "corr-locked",
        });
        var editor = Render<TimeEntryEditor>(p => p.Add(e => e.Entry, entry).Add(e => e.TaskTitle, "WEB-1 Checkout page"));

        Assert.Contains("R-2026-0007", editor.Find(".hint").TextContent);
        Field(editor, "Минуты").Change("30");
        editor.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        editor.WaitForAssertion(() => Assert.Contains("Billed time cannot change.", editor.Find(".notice.error").TextContent));
        Assert.Contains("The entry is claimed by report R-2026-0007.", editor.Find(".notice.error").TextContent);
        Assert.Contains("corr-locked", editor.Find(".notice.error").TextContent);
    }

    [Fact]
    public void A_work_date_refused_by_the_api_is_said_at_the_date()
    {
        var entry = TimeTests.Entry(Guid.NewGuid(), TimeBillingState.Unbilled);
        ValidationProblem(HttpMethod.Put, $"/api/time-entries/{entry.Id}", "corr-date", new() { ["workDate"] = ["The work date is more than a day ahead."] });
        var editor = Render<TimeEntryEditor>(p => p.Add(e => e.Entry, entry));

        editor.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        editor.WaitForAssertion(() => Assert.Equal("The work date is more than a day ahead.",
            Field(editor, "Дата").Closest(".fields > div")!.QuerySelector(".field-error")!.TextContent));
        Assert.Contains("corr-date", editor.Find(".notice.error").TextContent);
    }
}
