using System.Net;
using System.Net.Http.Json;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>The rate card through GET /api/projects/{id}/rate: by date, person and work type.</summary>
public sealed class RateResolutionTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private TasksApp _app = null!;
    private ProjectDto _project = null!;

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        var company = await _app.CreateCompanyAsync();
        _project = await _app.CreateProjectAsync(company.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static DateOnly Day(int month, int day) => new(2026, month, day);

    private Task AddRateAsync(string? workType, string? person, decimal rate, DateOnly from) =>
        _app.AddRateAsync(_project.Id, workType, person, rate, from);

    private Task<decimal?> RateAsync(string person, string workType, DateOnly date) => _app.RateAsync(_project.Id, person, workType, date);

    [Fact]
    public async Task The_default_rate_applies_to_every_person_and_work_type()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));

        Assert.Equal(50m, await RateAsync("ann", "Development", Day(1, 1)));
        Assert.Equal(50m, await RateAsync("bob", "Bug fixing", Day(6, 30)));
    }

    [Fact]
    public async Task A_later_default_rate_applies_from_its_effective_date_and_earlier_work_keeps_the_old_rate()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));
        await AddRateAsync(null, null, 60m, Day(3, 1));

        Assert.Equal(50m, await RateAsync("ann", "Development", Day(2, 28)));
        Assert.Equal(60m, await RateAsync("ann", "Development", Day(3, 1)));
        Assert.Equal(60m, await RateAsync("ann", "Development", Day(12, 31)));
    }

    [Fact]
    public async Task A_work_type_rate_beats_the_default_rate()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));
        await AddRateAsync("Design", null, 70m, Day(1, 1));

        Assert.Equal(70m, await RateAsync("ann", "Design", Day(2, 1)));
        Assert.Equal(50m, await RateAsync("ann", "Development", Day(2, 1)));
    }

    [Fact]
    public async Task Rate_for_a_person_beats_the_rate_for_a_work_type()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));
        await AddRateAsync("Design", null, 70m, Day(1, 1));
        await AddRateAsync(null, "ann", 80m, Day(1, 1));

        Assert.Equal(80m, await RateAsync("ann", "Design", Day(2, 1)));
        Assert.Equal(70m, await RateAsync("bob", "Design", Day(2, 1)));
    }

    [Fact]
    public async Task Rate_for_a_person_and_a_work_type_beats_both()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));
        await AddRateAsync("Design", null, 70m, Day(1, 1));
        await AddRateAsync(null, "ann", 80m, Day(1, 1));
        await AddRateAsync("Design", "ann", 90m, Day(1, 1));

        Assert.Equal(90m, await RateAsync("ann", "Design", Day(2, 1)));
        Assert.Equal(80m, await RateAsync("ann", "Development", Day(2, 1)));
        Assert.Equal(70m, await RateAsync("bob", "Design", Day(2, 1)));
        Assert.Equal(50m, await RateAsync("bob", "Development", Day(2, 1)));
    }

    [Fact]
    public async Task There_is_no_rate_before_the_first_effective_date()
    {
        Assert.Null(await RateAsync("ann", "Design", Day(2, 1)));

        await AddRateAsync(null, null, 50m, Day(2, 1));

        Assert.Null(await RateAsync("ann", "Design", Day(1, 31)));
        Assert.Equal(50m, await RateAsync("ann", "Design", Day(2, 1)));
    }

    [Fact]
    public async Task The_rate_card_survives_the_round_trip_through_the_database_with_cents()
    {
        await AddRateAsync(null, null, 45.555m, Day(1, 1));
        await AddRateAsync("Design", "ann", 90.10m, Day(2, 1));

        var project = await TasksApp.ReadAsync<ProjectDto>(await _app.Manager.GetAsync($"/api/projects/{_project.Id}"), HttpStatusCode.OK);

        Assert.Equal([new RateRequest(null, null, 45.56m, Day(1, 1)), new RateRequest("Design", "ann", 90.10m, Day(2, 1))], project.Rates);
        Assert.Equal(45.56m, await RateAsync("bob", "Design", Day(2, 1)));
    }

    [Fact]
    public async Task A_different_rate_for_the_same_effective_date_is_a_409_and_the_old_rate_stays()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));

        using var response = await _app.Manager.PostAsJsonAsync($"/api/projects/{_project.Id}/rates",
            new RateRequest(null, null, 55m, Day(1, 1)), TasksApp.Json);

        await TasksApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(50m, await RateAsync("ann", "Development", Day(1, 1)));
    }

    [Fact]
    public async Task A_new_rate_cannot_take_effect_on_or_before_the_last_billed_day()
    {
        await AddRateAsync(null, null, 50m, Day(1, 1));
        var task = await _app.CreateTaskAsync(_project.Id);
        var billed = await _app.RecordAsync(task.Id, "ann", Day(3, 10), 60);
        await _app.ApproveAsync(_project.CompanyId, "R-2026-0001", billed);

        using var onTheBilledDay = await _app.Manager.PostAsJsonAsync($"/api/projects/{_project.Id}/rates",
            new RateRequest(null, null, 60m, Day(3, 10)), TasksApp.Json);
        var afterIt = await _app.AddRateAsync(_project.Id, null, null, 60m, Day(3, 11));

        var problem = await TasksApp.ProblemAsync(onTheBilledDay, HttpStatusCode.Conflict);
        Assert.Contains("2026-03-11", problem.GetProperty("detail").GetString());
        Assert.Equal(50m, await RateAsync("ann", "Development", Day(3, 10)));
        Assert.Equal(60m, await RateAsync("ann", "Development", Day(3, 11)));
        Assert.Equal(2, afterIt.Rates.Count);
    }

    [Fact]
    public async Task The_rate_of_an_unknown_project_is_404()
    {
        using var response = await _app.Manager.GetAsync($"/api/projects/{Guid.NewGuid()}/rate?person=ann&workType=Design&date=2026-02-01");

        await TasksApp.ExpectAsync(response, HttpStatusCode.NotFound);
    }
}
