using System.Net;
using System.Net.Http.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Tests;

/// <summary>
/// What a change tells the other services: a full snapshot with the entity's new version, delivered through the
/// broker to a consumer on the service's virtual host.
/// </summary>
public sealed class EventTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private TasksApp _app = null!;

    public async Task InitializeAsync() => _app = await TasksApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Creating_and_updating_a_company_publishes_CompanyChanged_snapshots_with_increasing_versions()
    {
        var company = await _app.CreateCompanyAsync("Acme Ltd");
        var created = await _app.Bus.WaitForAsync<CompanyChanged>(e => e.CompanyId == company.Id && e.Version == 1);

        var update = TasksApp.CompanyRequest("Acme Group") with { PaymentTermsDays = 45, BankName = null, BankAccount = null, BankBic = null };
        var updated = await TasksApp.ReadAsync<CompanyDto>(await _app.Manager.PutAsJsonAsync($"/api/companies/{company.Id}", update, TasksApp.Json), HttpStatusCode.OK);
        var changed = await _app.Bus.WaitForAsync<CompanyChanged>(e => e.CompanyId == company.Id && e.Version == 2);

        Assert.Equal(2, updated.Version);
        Assert.Equal(
            new CompanyChanged(company.Id, 1, "Acme Ltd", "Acme Ltd LLC", "TX-100200", "1 Main Street, Minsk",
                new BankDetails("First Bank", "BY00FIRB00000000000000000001", "FIRBBY2X"), "billing@acme.example", "EUR", 30, created.ChangedAt),
            created);
        Assert.Equal(
            new CompanyChanged(company.Id, 2, "Acme Group", "Acme Group LLC", "TX-100200", "1 Main Street, Minsk", null,
                "billing@acme.example", "EUR", 45, changed.ChangedAt),
            changed);
        AssertRecent(created.ChangedAt);
        Assert.True(changed.ChangedAt >= created.ChangedAt);
        Assert.Equal([1L, 2L], Versions(_app.Bus.Events<CompanyChanged>(e => e.CompanyId == company.Id), e => e.Version));
    }

    [Fact]
    public async Task Creating_a_project_adding_a_rate_and_updating_it_publishes_ProjectChanged_snapshots_with_increasing_versions()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id, "Website", RoundingMode.Up, 15, new BillablePercentRequest("Bug fixing", 50));
        await _app.AddRateAsync(project.Id, null, null, 50m, new DateOnly(2026, 1, 1));
        await _app.AddRateAsync(project.Id, "Design", "ann", 90m, new DateOnly(2026, 2, 1));
        var update = TasksApp.ProjectRequest(company.Id, "Website relaunch", RoundingMode.Nearest, 6, new BillablePercentRequest("Bug fixing", 50));
        await TasksApp.ExpectAsync(await _app.Manager.PutAsJsonAsync($"/api/projects/{project.Id}", update, TasksApp.Json), HttpStatusCode.OK);

        var first = await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.Version == 1);
        var withRate = await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.Version == 2);
        await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.Version == 3);
        var last = await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.Version == 4);

        Assert.Equal([1L, 2L, 3L, 4L], Versions(_app.Bus.Events<ProjectChanged>(e => e.ProjectId == project.Id), e => e.Version));
        Assert.Equal((company.Id, "Website", "EUR", new RoundingRule("Up", 15)), (first.CompanyId, first.Name, first.Currency, first.Rounding));
        Assert.Empty(first.Rates);
        Assert.Equal([new WorkTypeBillablePercent("Bug fixing", 50)], first.BillablePercents);
        Assert.Equal([new ProjectRate(null, null, 50m, new DateOnly(2026, 1, 1))], withRate.Rates);
        Assert.Equal((company.Id, "Website relaunch", "EUR", new RoundingRule("Nearest", 6)), (last.CompanyId, last.Name, last.Currency, last.Rounding));
        Assert.Equal(
            [new ProjectRate(null, null, 50m, new DateOnly(2026, 1, 1)), new ProjectRate("Design", "ann", 90m, new DateOnly(2026, 2, 1))],
            last.Rates);
        Assert.Equal([new WorkTypeBillablePercent("Bug fixing", 50)], last.BillablePercents);
        AssertRecent(last.ChangedAt);
    }

    [Fact]
    public async Task Creating_and_updating_a_task_publishes_TaskChanged_snapshots_with_increasing_versions()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id);
        var task = await _app.CreateTaskAsync(project.Id, "Bug fixing", title: "Fix the login");
        var done = TasksApp.TaskRequest(project.Id, "Bug fixing", 100, "Fix the login page") with { Status = "Done", CompletedOn = Monday };
        await TasksApp.ExpectAsync(await _app.Manager.PutAsJsonAsync($"/api/tasks/{task.Id}", done, TasksApp.Json), HttpStatusCode.OK);

        var created = await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == task.Id && e.Version == 1);
        var changed = await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == task.Id && e.Version == 2);

        Assert.Equal(
            new TaskChanged(task.Id, 1, project.Id, company.Id, "Fix the login", "Bug fixing", "Open", 0, "ann", null, "WEB-1",
                "https://planner.example/WEB-1", "Unbilled", created.ChangedAt),
            created);
        Assert.Equal(
            new TaskChanged(task.Id, 2, project.Id, company.Id, "Fix the login page", "Bug fixing", "Done", 100, "ann", Monday, "WEB-1",
                "https://planner.example/WEB-1", "Unbilled", changed.ChangedAt),
            changed);
        AssertRecent(changed.ChangedAt);
        Assert.Equal([1L, 2L], Versions(_app.Bus.Events<TaskChanged>(e => e.TaskId == task.Id), e => e.Version));
    }

    [Fact]
    public async Task Recording_editing_and_removing_time_publishes_TimeEntryRecorded_Changed_and_Removed_with_increasing_versions()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id);
        var task = await _app.CreateTaskAsync(project.Id);
        var entry = await _app.RecordAsync(task.Id, "ann", Monday, 95, "login form");
        var edited = await TasksApp.ReadAsync<TimeEntryDto>(await _app.UpdateEntryAsync(entry, 120), HttpStatusCode.OK);
        await TasksApp.ExpectAsync(await _app.Manager.DeleteAsync($"/api/time-entries/{entry.Id}"), HttpStatusCode.NoContent);

        var recorded = await _app.Bus.WaitForAsync<TimeEntryRecorded>(e => e.TimeEntryId == entry.Id);
        var changed = await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == entry.Id);
        var removed = await _app.Bus.WaitForAsync<TimeEntryRemoved>(e => e.TimeEntryId == entry.Id);

        Assert.Equal(
            new TimeEntryRecorded(entry.Id, 1, task.Id, project.Id, company.Id, "ann", Monday, 95, "login form", null, recorded.ChangedAt),
            recorded);
        Assert.Equal(
            new TimeEntryChanged(entry.Id, 2, task.Id, project.Id, company.Id, "ann", Monday, 120, "login form", null, changed.ChangedAt),
            changed);
        Assert.Equal(new TimeEntryRemoved(entry.Id, 3, task.Id, removed.RemovedAt), removed);
        Assert.Equal(2, edited.Version);
        Assert.True(recorded.ChangedAt <= changed.ChangedAt && changed.ChangedAt <= removed.RemovedAt);
        AssertRecent(removed.RemovedAt);
        await TasksApp.ExpectAsync(await _app.Manager.GetAsync($"/api/time-entries/{entry.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_publishes_nothing_and_keeps_the_version()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id, "Website", RoundingMode.Up, 15, new BillablePercentRequest("Design", 90));
        await _app.AddRateAsync(project.Id, null, null, 50m, new DateOnly(2026, 1, 1));
        var task = await _app.CreateTaskAsync(project.Id, "Design");
        var entry = await _app.RecordAsync(task.Id, "ann", Monday, 60, "mock-ups");

        var sameCompany = await TasksApp.ReadAsync<CompanyDto>(
            await _app.Manager.PutAsJsonAsync($"/api/companies/{company.Id}", TasksApp.CompanyRequest(), TasksApp.Json), HttpStatusCode.OK);
        var sameProject = await TasksApp.ReadAsync<ProjectDto>(
            await _app.Manager.PutAsJsonAsync($"/api/projects/{project.Id}",
                TasksApp.ProjectRequest(company.Id, "Website", RoundingMode.Up, 15, new BillablePercentRequest("Design", 90)), TasksApp.Json),
            HttpStatusCode.OK);
        var sameRate = await _app.AddRateAsync(project.Id, null, null, 50m, new DateOnly(2026, 1, 1));
        var sameTask = await TasksApp.ReadAsync<TaskDto>(
            await _app.Manager.PutAsJsonAsync($"/api/tasks/{task.Id}", TasksApp.TaskRequest(project.Id, "Design"), TasksApp.Json), HttpStatusCode.OK);
        var sameEntry = await TasksApp.ReadAsync<TimeEntryDto>(await _app.UpdateEntryAsync(entry, 60), HttpStatusCode.OK);

        // A real change afterwards marks the end of what the no-op updates could have published.
        var marker = await _app.CreateCompanyAsync("Marker");
        await _app.Bus.WaitForAsync<CompanyChanged>(e => e.CompanyId == marker.Id);
        await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.Version == 2);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == task.Id);
        await _app.Bus.WaitForAsync<TimeEntryRecorded>(e => e.TimeEntryId == entry.Id);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((1L, 2L, 2L, 1L, 1L), (sameCompany.Version, sameProject.Version, sameRate.Version, sameTask.Version, sameEntry.Version));
        Assert.Equal([1L], Versions(_app.Bus.Events<CompanyChanged>(e => e.CompanyId == company.Id), e => e.Version));
        Assert.Equal([1L, 2L], Versions(_app.Bus.Events<ProjectChanged>(e => e.ProjectId == project.Id), e => e.Version));
        Assert.Equal([1L], Versions(_app.Bus.Events<TaskChanged>(e => e.TaskId == task.Id), e => e.Version));
        Assert.Single(_app.Bus.Events<TimeEntryRecorded>(e => e.TimeEntryId == entry.Id));
        Assert.Empty(_app.Bus.Events<TimeEntryChanged>());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task Moving_a_task_to_another_companys_project_republishes_its_time_entries_with_the_new_owners()
    {
        var first = await _app.CreateCompanyAsync("First");
        var second = await _app.CreateCompanyAsync("Second");
        var from = await _app.CreateProjectAsync(first.Id, "From");
        var to = await _app.CreateProjectAsync(second.Id, "To");
        var task = await _app.CreateTaskAsync(from.Id);
        var monday = await _app.RecordAsync(task.Id, "ann", Monday, 60);
        var tuesday = await _app.RecordAsync(task.Id, "bob", Monday.AddDays(1), 30);

        await TasksApp.ExpectAsync(
            await _app.Manager.PutAsJsonAsync($"/api/tasks/{task.Id}", TasksApp.TaskRequest(to.Id), TasksApp.Json), HttpStatusCode.OK);

        var moved = await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == task.Id && e.Version == 2);
        Assert.Equal((to.Id, second.Id), (moved.ProjectId, moved.CompanyId));
        foreach (var entry in new[] { monday, tuesday })
        {
            var changed = await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == entry.Id);
            Assert.Equal((2L, task.Id, to.Id, second.Id, entry.Minutes), (changed.Version, changed.TaskId, changed.ProjectId, changed.CompanyId, changed.Minutes));
            var now = await _app.GetEntryAsync(entry.Id);
            Assert.Equal((to.Id, second.Id, 2L), (now.ProjectId, now.CompanyId, now.Version));
        }
    }

    [Fact]
    public async Task Moving_a_project_to_another_company_republishes_its_tasks_and_time_entries_with_the_new_company()
    {
        var first = await _app.CreateCompanyAsync("First");
        var second = await _app.CreateCompanyAsync("Second");
        var project = await _app.CreateProjectAsync(first.Id, "Website");
        var task = await _app.CreateTaskAsync(project.Id);
        var entry = await _app.RecordAsync(task.Id, "ann", Monday, 60);

        await TasksApp.ExpectAsync(
            await _app.Manager.PutAsJsonAsync($"/api/projects/{project.Id}", TasksApp.ProjectRequest(second.Id, "Website"), TasksApp.Json),
            HttpStatusCode.OK);

        await _app.Bus.WaitForAsync<ProjectChanged>(e => e.ProjectId == project.Id && e.CompanyId == second.Id);
        Assert.Equal(second.Id, (await _app.GetTaskAsync(task.Id)).CompanyId);
        Assert.Equal(second.Id, (await _app.GetEntryAsync(entry.Id)).CompanyId);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == task.Id && e.CompanyId == second.Id, TimeSpan.FromSeconds(10));
        await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == entry.Id && e.CompanyId == second.Id, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// The versions an entity's events carried, sorted: the relay publishes a batch concurrently, so events of one
    /// entity may arrive out of order (consumers keep the highest version).
    /// </summary>
    private static IEnumerable<long> Versions<T>(IEnumerable<T> events, Func<T, long> version) => events.Select(version).Order();

    private static void AssertRecent(DateTimeOffset at) =>
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5));
}
