using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>Input a caller can send that used to be answered wrongly: each is a 400 naming the field now, never a 500.</summary>
public sealed class InputEdgeTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private TasksApp _app = null!;

    public async Task InitializeAsync() => _app = await TasksApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // ---- Paging ----

    [Theory]
    [InlineData("/api/time-entries")]
    [InlineData("/api/tasks")]
    [InlineData("/api/companies")]
    [InlineData("/api/projects")]
    public async Task A_page_whose_offset_overflows_is_a_400_naming_page(string list)
    {
        using var response = await _app.Manager.GetAsync($"{list}?page={int.MaxValue}&pageSize=500");

        Assert.Contains("page", await FieldErrorsAsync(response));
    }

    [Fact]
    public async Task The_last_page_allowed_answers_empty()
    {
        var page = await _app.ListEntriesAsync($"page={PageRequest.MaxPage}&pageSize={PageRequest.MaxSize}");

        Assert.Empty(page.Items);
        Assert.Equal(PageRequest.MaxPage, page.PageNumber);
    }

    // ---- Work dates ----

    [Fact]
    public async Task A_time_entry_without_a_work_date_is_a_400_naming_workDate()
    {
        var task = await TaskAsync();
        var body = Body(new TimeEntryRequest(task.Id, "ann", Today, 30, null));
        body.Remove("workDate");

        using var response = await _app.Manager.PostAsJsonAsync("/api/time-entries", body);

        Assert.Contains("workDate", await FieldErrorsAsync(response), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_work_date_after_tomorrow_or_over_ten_years_back_is_a_400_naming_workDate()
    {
        var task = await TaskAsync();
        var entry = await _app.RecordAsync(task.Id, "ann", Today, 30);

        foreach (var date in new[] { Today.AddDays(2), Today.AddYears(-10).AddDays(-1), DateOnly.MinValue })
        {
            using var created = await _app.Manager.PostAsJsonAsync("/api/time-entries", new TimeEntryRequest(task.Id, "ann", date, 30, null), TasksApp.Json);
            Assert.Contains("workDate", await FieldErrorsAsync(created));
            using var updated = await _app.Manager.PutAsJsonAsync($"/api/time-entries/{entry.Id}", new TimeEntryRequest(task.Id, "ann", date, 30, null), TasksApp.Json);
            Assert.Contains("workDate", await FieldErrorsAsync(updated));
        }

        Assert.Equal(Today, (await _app.GetEntryAsync(entry.Id)).WorkDate);
    }

    [Fact]
    public async Task Tomorrow_and_exactly_ten_years_back_are_accepted()
    {
        var task = await TaskAsync();

        Assert.Equal(Today.AddDays(1), (await _app.RecordAsync(task.Id, "ann", Today.AddDays(1), 30)).WorkDate);
        Assert.Equal(Today.AddYears(-10), (await _app.RecordAsync(task.Id, "ann", Today.AddYears(-10), 30)).WorkDate);
    }

    // ---- Enums ----

    [Theory]
    [InlineData("42")]
    [InlineData("1")]
    [InlineData("\"42\"")]
    [InlineData("\"Sideways\"")]
    public async Task An_enum_in_a_body_that_is_not_one_of_its_names_is_a_400_naming_the_field(string roundingMode)
    {
        var company = await _app.CreateCompanyAsync();
        var body = Body(TasksApp.ProjectRequest(company.Id, rounding: RoundingMode.Up, increment: 15));
        body["roundingMode"] = JsonNode.Parse(roundingMode);

        using var response = await _app.Manager.PostAsJsonAsync("/api/projects", body);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("roundingMode", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_enum_in_a_body_given_by_name_is_accepted()
    {
        var company = await _app.CreateCompanyAsync();
        var body = Body(TasksApp.ProjectRequest(company.Id, rounding: RoundingMode.Up, increment: 15));
        body["roundingMode"] = "nearest";

        using var response = await _app.Manager.PostAsJsonAsync("/api/projects", body);

        Assert.Equal(RoundingMode.Nearest, (await TasksApp.ReadAsync<ProjectDto>(response, HttpStatusCode.Created)).RoundingMode);
    }

    [Theory]
    [InlineData("/api/time-entries?billingState=7")]
    [InlineData("/api/time-entries?billingState=1")]
    [InlineData("/api/time-entries?billingState=Sideways")]
    [InlineData("/api/tasks?billingState=7")]
    [InlineData("/api/tasks?billingState=-1")]
    public async Task An_enum_in_a_query_that_is_not_one_of_its_names_is_a_400_naming_it(string pathAndQuery)
    {
        using var response = await _app.Manager.GetAsync(pathAndQuery);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("billingState", problem.ToString());
    }

    [Fact]
    public async Task An_enum_in_a_query_given_by_name_filters()
    {
        var task = await TaskAsync();
        var entry = await _app.RecordAsync(task.Id, "ann", Today, 30);

        Assert.Equal([entry.Id], (await _app.ListEntriesAsync("billingState=Unbilled")).Items.Select(e => e.Id));
        Assert.Empty((await _app.ListEntriesAsync("billingState=Paid")).Items);
    }

    // ---- Billable-percent ranges ----

    [Theory]
    [InlineData("/api/time-entries?minBillablePercent=80&maxBillablePercent=20", "minBillablePercent")]
    [InlineData("/api/tasks?minBillablePercent=80&maxBillablePercent=20", "minBillablePercent")]
    [InlineData("/api/time-entries?minBillablePercent=-1", "minBillablePercent")]
    [InlineData("/api/tasks?maxBillablePercent=101", "maxBillablePercent")]
    public async Task A_billable_percent_range_that_is_inverted_or_outside_0_to_100_is_a_400(string pathAndQuery, string field)
    {
        using var response = await _app.Manager.GetAsync(pathAndQuery);

        Assert.Contains(field, await FieldErrorsAsync(response));
    }

    // ---- Search text ----

    [Fact]
    public async Task Search_text_matches_percent_and_underscore_literally()
    {
        var plain = await _app.CreateCompanyAsync("Cotton A-B");
        var percent = await _app.CreateCompanyAsync("Cotton 100%");
        var underscore = await _app.CreateCompanyAsync("Cotton A_B");
        var project = await _app.CreateProjectAsync(plain.Id, "Site_2");
        await _app.CreateProjectAsync(plain.Id, "Site-2");
        var task = await _app.CreateTaskAsync(project.Id, title: "Raise to 50%");
        await _app.CreateTaskAsync(project.Id, title: "Raise to 50 percent");

        Assert.Equal([percent.Id], await IdsAsync<CompanyDto>("/api/companies?search=%25", c => c.Id));
        Assert.Equal([underscore.Id], await IdsAsync<CompanyDto>("/api/companies?search=A_B", c => c.Id));
        Assert.Equal([project.Id], await IdsAsync<ProjectDto>("/api/projects?search=_", p => p.Id));
        Assert.Equal([task.Id], await IdsAsync<TaskDto>("/api/tasks?search=50%25", t => t.Id));
        Assert.Equal(3, (await IdsAsync<CompanyDto>("/api/companies?search=cotton", c => c.Id)).Count);
    }

    // ---- Helpers ----

    private async Task<TaskDto> TaskAsync()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id);
        return await _app.CreateTaskAsync(project.Id);
    }

    private static JsonObject Body<T>(T request) => JsonSerializer.SerializeToNode(request, TasksApp.Json)!.AsObject();

    private async Task<List<Guid>> IdsAsync<T>(string pathAndQuery, Func<T, Guid> id) =>
        [.. (await TasksApp.ReadAsync<Page<T>>(await _app.Manager.GetAsync(pathAndQuery), HttpStatusCode.OK)).Items.Select(id)];

    private static async Task<List<string>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No field errors in {problem}");
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }
}
