using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>How much of a task's time is billable: the task's own percent, else the project's, else the work type's.</summary>
public sealed class BillablePercentTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private TasksApp _app = null!;
    private CompanyDto _company = null!;

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        _company = await _app.CreateCompanyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("Development", 100)]
    [InlineData("Design", 100)]
    [InlineData("Bug fixing", 0)]
    [InlineData("Internal", 0)]
    public async Task A_new_task_takes_the_default_billable_percent_of_its_work_type(string workType, int percent)
    {
        var project = await _app.CreateProjectAsync(_company.Id);

        var task = await _app.CreateTaskAsync(project.Id, workType);

        Assert.Equal(percent, task.BillablePercent);
        Assert.Equal(percent, (await _app.GetTaskAsync(task.Id)).BillablePercent);
    }

    [Fact]
    public async Task The_projects_percent_for_a_work_type_overrides_the_work_type_default()
    {
        var project = await _app.CreateProjectAsync(_company.Id, percents: [new BillablePercentRequest("Bug fixing", 50), new BillablePercentRequest("Development", 80)]);

        var bug = await _app.CreateTaskAsync(project.Id, "Bug fixing");
        var feature = await _app.CreateTaskAsync(project.Id, "Development");
        var design = await _app.CreateTaskAsync(project.Id, "Design");

        Assert.Equal(50, bug.BillablePercent);
        Assert.Equal(80, feature.BillablePercent);
        Assert.Equal(100, design.BillablePercent); // the project sets nothing for Design
    }

    [Fact]
    public async Task An_explicit_percent_on_the_task_wins_over_the_project_and_the_work_type()
    {
        // The project bills no bug fixing, but this bug was the client's doing.
        var project = await _app.CreateProjectAsync(_company.Id, percents: [new BillablePercentRequest("Bug fixing", 0)]);

        var clientsBug = await _app.CreateTaskAsync(project.Id, "Bug fixing", billablePercent: 100);
        var ourBug = await _app.CreateTaskAsync(project.Id, "Bug fixing");

        Assert.Equal(100, clientsBug.BillablePercent);
        Assert.Equal(0, ourBug.BillablePercent);
    }

    [Fact]
    public async Task A_time_entry_shows_the_billable_percent_of_its_task()
    {
        var project = await _app.CreateProjectAsync(_company.Id, percents: [new BillablePercentRequest("Bug fixing", 25)]);
        var task = await _app.CreateTaskAsync(project.Id, "Bug fixing");

        var entry = await _app.RecordAsync(task.Id, "ann", new DateOnly(2026, 3, 2), 90);

        Assert.Equal(25, entry.BillablePercent);
        Assert.Equal("Bug fixing", entry.WorkType);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task An_out_of_range_percent_on_a_task_is_a_400_with_a_field_error(int percent)
    {
        var project = await _app.CreateProjectAsync(_company.Id);

        using var response = await _app.Manager.PostAsJsonAsync("/api/tasks", TasksApp.TaskRequest(project.Id, "Bug fixing", percent), TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(FieldErrors(problem), field => field.EndsWith("BillablePercent", StringComparison.OrdinalIgnoreCase));
        var tasks = await TasksApp.ReadAsync<Page<TaskDto>>(await _app.Manager.GetAsync($"/api/tasks?projectId={project.Id}"), HttpStatusCode.OK);
        Assert.Equal(0, tasks.Total);
    }

    [Fact]
    public async Task An_out_of_range_percent_on_an_existing_task_is_a_400_and_changes_nothing()
    {
        var project = await _app.CreateProjectAsync(_company.Id);
        var task = await _app.CreateTaskAsync(project.Id, "Development");

        using var response = await _app.Manager.PutAsJsonAsync($"/api/tasks/{task.Id}", TasksApp.TaskRequest(project.Id, "Development", 250), TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(FieldErrors(problem), field => field.EndsWith("BillablePercent", StringComparison.OrdinalIgnoreCase));
        var unchanged = await _app.GetTaskAsync(task.Id);
        Assert.Equal(100, unchanged.BillablePercent);
        Assert.Equal(task.Version, unchanged.Version);
    }

    [Fact]
    public async Task An_out_of_range_percent_in_the_projects_list_is_a_400_with_a_field_error()
    {
        var request = TasksApp.ProjectRequest(_company.Id, percents: [new BillablePercentRequest("Bug fixing", 120)]);

        using var response = await _app.Manager.PostAsJsonAsync("/api/projects", request, TasksApp.Json);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(FieldErrors(problem), field => field.Contains("Percent", StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> FieldErrors(JsonElement problem)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No field errors in {problem}");
        var fields = errors.EnumerateObject().Select(e => e.Name).ToList();
        Assert.All(errors.EnumerateObject(), e => Assert.NotEmpty(e.Value.EnumerateArray()));
        return fields;
    }
}
