using System.Net;
using System.Net.Http.Json;
using Clearhours.Contracts.Reporting;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>
/// A report's claims (ReportClaimsChanged from Reporting, through the broker) lock its time from the draft on; Tasks
/// answers with TimeLockConfirmed, naming what it could not lock.
/// </summary>
public sealed class ClaimLockTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private TasksApp _app = null!;
    private CompanyDto _company = null!;
    private ProjectDto _project = null!;
    private TaskDto _task = null!;
    private TimeEntryDto _claimed = null!;
    private TimeEntryDto _free = null!;
    private readonly Guid _report = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        _company = await _app.CreateCompanyAsync();
        _project = await _app.CreateProjectAsync(_company.Id, "Website");
        _task = await _app.CreateTaskAsync(_project.Id);
        _claimed = await _app.RecordAsync(_task.Id, "ann", Monday, 50, "in a draft report");
        _free = await _app.RecordAsync(_task.Id, "ann", Monday.AddDays(1), 30, "in no report");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Time_claimed_by_a_draft_report_cannot_be_edited_deleted_or_moved()
    {
        var confirmed = await _app.ClaimAsync(_report, "R-2026-0101", 1, _claimed.Id);

        Assert.Equal((1, 0), (confirmed.Locked, confirmed.Refused.Count));
        var problem = await TasksApp.ProblemAsync(await _app.UpdateEntryAsync(_claimed, 500), HttpStatusCode.Conflict);
        Assert.Equal("R-2026-0101", problem.GetProperty("reportNumber").GetString());
        await TasksApp.ProblemAsync(await _app.Manager.DeleteAsync($"/api/time-entries/{_claimed.Id}"), HttpStatusCode.Conflict);
        var otherTask = await _app.CreateTaskAsync(_project.Id, title: "Another task");
        await TasksApp.ProblemAsync(await _app.UpdateEntryAsync(_claimed, 50, otherTask.Id), HttpStatusCode.Conflict);
        Assert.Equal(50, (await _app.GetEntryAsync(_claimed.Id)).Minutes);
        await TasksApp.ExpectAsync(await _app.UpdateEntryAsync(_free, 45), HttpStatusCode.OK); // unclaimed time stays editable
    }

    [Fact]
    public async Task Claimed_time_keeps_its_task_in_its_project_and_its_project_with_its_client_and_currency()
    {
        await _app.ClaimAsync(_report, "R-2026-0102", 1, _claimed.Id);
        var otherProject = await _app.CreateProjectAsync(_company.Id, "Mobile app");
        var otherCompany = await _app.CreateCompanyAsync("Globex");

        var taskMove = await _app.Manager.PutAsJsonAsync($"/api/tasks/{_task.Id}", TasksApp.TaskRequest(otherProject.Id), TasksApp.Json);
        var projectMove = await _app.Manager.PutAsJsonAsync($"/api/projects/{_project.Id}",
            TasksApp.ProjectRequest(otherCompany.Id, "Website"), TasksApp.Json);
        var currencyChange = await _app.Manager.PutAsJsonAsync($"/api/projects/{_project.Id}",
            TasksApp.ProjectRequest(_company.Id, "Website") with { Currency = "USD" }, TasksApp.Json);

        foreach (var response in new[] { taskMove, projectMove, currencyChange })
        {
            var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
            Assert.Contains("R-2026-0102", problem.GetProperty("detail").GetString());
        }

        var project = await TasksApp.ReadAsync<ProjectDto>(await _app.Manager.GetAsync($"/api/projects/{_project.Id}"), HttpStatusCode.OK);
        Assert.Equal((_company.Id, "EUR"), (project.CompanyId, project.Currency));
        Assert.Equal(_project.Id, (await _app.GetTaskAsync(_task.Id)).ProjectId);
    }

    [Fact]
    public async Task Tasks_names_the_entries_it_could_not_lock_missing_or_held_by_another_report()
    {
        await _app.ClaimAsync(Guid.NewGuid(), "R-2026-0001", 1, _free.Id);
        var missing = Guid.NewGuid();

        var confirmed = await _app.ClaimAsync(_report, "R-2026-0103", 1, _claimed.Id, _free.Id, missing);

        Assert.Equal(1, confirmed.Locked);
        Assert.Equal(
            [(missing, "the time entry no longer exists", (string?)null), (_free.Id, "held by report R-2026-0001", "R-2026-0001")],
            confirmed.Refused.Select(r => (r.TimeEntryId, r.Reason, r.HeldByReportNumber)).OrderBy(r => r.Item3 is null ? 0 : 1));
        Assert.Equal("R-2026-0001", (await _app.GetEntryAsync(_free.Id)).ReportNumber); // the other report keeps it
    }

    [Fact]
    public async Task A_newer_claim_list_frees_what_it_no_longer_holds_and_an_older_one_changes_nothing()
    {
        await _app.ClaimAsync(_report, "R-2026-0104", 1, _claimed.Id, _free.Id);
        await _app.ClaimAsync(_report, "R-2026-0104", 3, _claimed.Id); // a line left out

        Assert.Equal(TimeEntryBillingState.Unbilled, (await _app.GetEntryAsync(_free.Id)).BillingState);
        await _app.Bus.PublishAsync(new ReportClaimsChanged(_report, "R-2026-0104", 2, [_claimed.Id, _free.Id], DateTimeOffset.UtcNow));
        await _app.ClaimAsync(Guid.NewGuid(), "R-2026-0999", 1); // a later message through the same queue: the old one was handled

        Assert.Equal(TimeEntryBillingState.Unbilled, (await _app.GetEntryAsync(_free.Id)).BillingState);
        Assert.Equal(TimeEntryBillingState.InReport, (await _app.GetEntryAsync(_claimed.Id)).BillingState);
    }

    [Fact]
    public async Task Claims_that_arrive_after_the_report_was_cancelled_lock_nothing()
    {
        await _app.Bus.PublishAsync(new ReportCancelled(_report, "R-2026-0105", [_claimed.Id], DateTimeOffset.UtcNow));
        await _app.Bus.PublishAsync(new ReportClaimsChanged(_report, "R-2026-0105", 1, [_claimed.Id], DateTimeOffset.UtcNow));
        await _app.ClaimAsync(Guid.NewGuid(), "R-2026-0999", 1);

        Assert.Equal(TimeEntryBillingState.Unbilled, (await _app.GetEntryAsync(_claimed.Id)).BillingState);
        Assert.Null(_app.Bus.Events<Contracts.Tasks.TimeLockConfirmed>(c => c.ReportId == _report).FirstOrDefault());
    }

    [Fact]
    public async Task Cancelling_the_report_frees_the_claimed_time()
    {
        await _app.ClaimAsync(_report, "R-2026-0106", 1, _claimed.Id);

        await _app.Bus.PublishAsync(new ReportCancelled(_report, "R-2026-0106", [_claimed.Id], DateTimeOffset.UtcNow));
        await _app.WaitForEntriesAsync(TimeEntryBillingState.Unbilled, _claimed);

        await TasksApp.ExpectAsync(await _app.UpdateEntryAsync(_claimed, 55), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_rate_cannot_start_on_or_before_a_day_a_draft_report_claims()
    {
        await _app.ClaimAsync(_report, "R-2026-0107", 1, _claimed.Id);

        var response = await _app.Manager.PostAsJsonAsync($"/api/projects/{_project.Id}/rates",
            new RateRequest(null, null, 120m, Monday), TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("2026-03-03", problem.GetProperty("detail").GetString()); // the first day a new rate may start
        await _app.AddRateAsync(_project.Id, null, null, 120m, Monday.AddDays(1));
    }

    [Fact]
    public async Task One_person_holds_one_rate_per_work_type_and_date_whatever_the_case_of_the_name()
    {
        await _app.AddRateAsync(_project.Id, "Development", "Ann", 90m, Monday);

        var other = await _app.Manager.PostAsJsonAsync($"/api/projects/{_project.Id}/rates",
            new RateRequest("Development", "ann", 95m, Monday), TasksApp.Json);
        var same = await _app.AddRateAsync(_project.Id, "Development", "ANN", 90m, Monday);

        await TasksApp.ProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Single(same.Rates);
        Assert.Equal(90m, await _app.RateAsync(_project.Id, "aNN", "Development", Monday));
    }
}
