using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.Contracts.Reporting;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>An approved report (ReportApproved from Reporting, through the broker) locks its time; a cancelled one unlocks it.</summary>
public sealed class LockTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string ReportNumber = "R-2026-0042";
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private TasksApp _app = null!;
    private CompanyDto _company = null!;
    private ProjectDto _project = null!;
    private ProjectDto _otherProject = null!;
    private TaskDto _task = null!;
    private TimeEntryDto _billed = null!;
    private TimeEntryDto _unbilled = null!;
    private ReportApproved _report = null!;

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        _company = await _app.CreateCompanyAsync();
        _project = await _app.CreateProjectAsync(_company.Id, "Website");
        _otherProject = await _app.CreateProjectAsync(_company.Id, "Mobile app");
        _task = await _app.CreateTaskAsync(_project.Id);
        _billed = await _app.RecordAsync(_task.Id, "ann", Monday, 60, "in the report");
        _unbilled = await _app.RecordAsync(_task.Id, "ann", Monday.AddDays(1), 30, "not in the report");
        _report = await _app.ApproveAsync(_company.Id, ReportNumber, _billed);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_approved_report_puts_its_entries_and_their_task_in_the_report()
    {
        var billed = await _app.GetEntryAsync(_billed.Id);
        var task = await _app.GetTaskAsync(_task.Id);

        Assert.Equal((TimeEntryBillingState.InReport, _report.ReportId, ReportNumber), (billed.BillingState, billed.ReportId, billed.ReportNumber));
        Assert.Equal(TimeEntryBillingState.Unbilled, (await _app.GetEntryAsync(_unbilled.Id)).BillingState);
        Assert.Equal(BillingState.InReport, task.BillingState);
    }

    [Fact]
    public async Task Editing_a_locked_entry_is_a_409_naming_the_report()
    {
        using var response = await _app.UpdateEntryAsync(_billed, 90);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
        AssertNamesReport(problem);
        Assert.Equal(_billed.Id.ToString(), problem.GetProperty("timeEntryId").GetString());
        var unchanged = await _app.GetEntryAsync(_billed.Id);
        Assert.Equal(60, unchanged.Minutes);
    }

    [Fact]
    public async Task Moving_a_locked_entry_to_another_task_is_a_409_naming_the_report()
    {
        var otherTask = await _app.CreateTaskAsync(_project.Id, title: "Another task");

        using var response = await _app.UpdateEntryAsync(_billed, _billed.Minutes, otherTask.Id);

        AssertNamesReport(await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict));
        Assert.Equal(_task.Id, (await _app.GetEntryAsync(_billed.Id)).TaskId);
    }

    [Fact]
    public async Task Deleting_a_locked_entry_is_a_409_naming_the_report()
    {
        using var response = await _app.Manager.DeleteAsync($"/api/time-entries/{_billed.Id}");

        AssertNamesReport(await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict));
        Assert.Equal(TimeEntryBillingState.InReport, (await _app.GetEntryAsync(_billed.Id)).BillingState);
    }

    [Fact]
    public async Task Moving_a_task_with_locked_time_to_another_project_is_a_409_naming_the_report()
    {
        using var response = await _app.Manager.PutAsJsonAsync($"/api/tasks/{_task.Id}", TasksApp.TaskRequest(_otherProject.Id), TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(ReportNumber, problem.GetProperty("detail").GetString());
        Assert.Equal(ReportNumber, problem.GetProperty("conflict").GetProperty("report").GetString());
        Assert.Equal(_project.Id, (await _app.GetTaskAsync(_task.Id)).ProjectId);
    }

    [Fact]
    public async Task Moving_a_project_with_locked_time_to_another_company_is_a_409_naming_the_report()
    {
        var otherCompany = await _app.CreateCompanyAsync("Other client");

        using var response = await _app.Manager.PutAsJsonAsync($"/api/projects/{_project.Id}",
            TasksApp.ProjectRequest(otherCompany.Id, "Website"), TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains(ReportNumber, problem.GetProperty("detail").GetString());
        Assert.Equal(_company.Id, (await TasksApp.ReadAsync<ProjectDto>(await _app.Manager.GetAsync($"/api/projects/{_project.Id}"), HttpStatusCode.OK)).CompanyId);
    }

    [Fact]
    public async Task Entries_outside_the_report_stay_editable()
    {
        var edited = await TasksApp.ReadAsync<TimeEntryDto>(await _app.UpdateEntryAsync(_unbilled, 45), HttpStatusCode.OK);
        var added = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(2), 15);
        using var deleted = await _app.Manager.DeleteAsync($"/api/time-entries/{added.Id}");

        Assert.Equal((45, 2L), (edited.Minutes, edited.Version));
        await TasksApp.ExpectAsync(deleted, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Renaming_a_task_with_locked_time_is_allowed()
    {
        var renamed = await TasksApp.ReadAsync<TaskDto>(
            await _app.Manager.PutAsJsonAsync($"/api/tasks/{_task.Id}", TasksApp.TaskRequest(_project.Id, title: "Build the better thing"), TasksApp.Json),
            HttpStatusCode.OK);

        Assert.Equal("Build the better thing", renamed.Title);
    }

    [Fact]
    public async Task A_cancelled_report_lifts_its_locks()
    {
        await _app.Bus.PublishAsync(new ReportCancelled(_report.ReportId, ReportNumber, [_billed.Id], DateTimeOffset.UtcNow));
        await _app.WaitForEntriesAsync(TimeEntryBillingState.Unbilled, _billed);

        var unlocked = await _app.GetEntryAsync(_billed.Id);
        Assert.Equal((null, null), (unlocked.ReportId, unlocked.ReportNumber));
        Assert.Equal(BillingState.Unbilled, (await _app.GetTaskAsync(_task.Id)).BillingState);
        var edited = await TasksApp.ReadAsync<TimeEntryDto>(await _app.UpdateEntryAsync(unlocked, 90), HttpStatusCode.OK);
        Assert.Equal(90, edited.Minutes);
        await TasksApp.ExpectAsync(
            await _app.Manager.PutAsJsonAsync($"/api/tasks/{_task.Id}", TasksApp.TaskRequest(_otherProject.Id), TasksApp.Json), HttpStatusCode.OK);
        await TasksApp.ExpectAsync(await _app.Manager.DeleteAsync($"/api/time-entries/{_billed.Id}"), HttpStatusCode.NoContent);
    }

    private static void AssertNamesReport(JsonElement problem)
    {
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(ReportNumber, problem.GetProperty("reportNumber").GetString());
        Assert.Contains(ReportNumber, problem.GetProperty("detail").GetString());
    }
}
