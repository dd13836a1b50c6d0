using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Reporting.ReadModel;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReadModelEvents;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The read model consumers, fed over the real bus, against a real PostgreSQL with the service's migrations: redelivery,
/// reordering, removal before recording, moves, and the jsonb rate card.
/// </summary>
public sealed class ReadModelConsumersTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Jan1 = new(2026, 1, 1);

    private ReportsWorld _world = null!;
    private ReadModelEvents _events = null!;

    private readonly Guid _company = Guid.NewGuid();
    private readonly Guid _project = Guid.NewGuid();
    private readonly Guid _task = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _world = await ReportsWorld.CreateAsync(servers, "readmodel");
        _events = _world.Events;
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- Redelivery ----

    [Fact]
    public async Task Every_event_delivered_twice_leaves_one_row_in_the_same_state()
    {
        var entry = Guid.NewGuid();
        var removedEntry = Guid.NewGuid();
        object[] events =
        [
            Company(_company, version: 3, name: "Acme"),
            Project(_project, _company, version: 2, rates: [new ProjectRate("Design", "ann", 95.55m, Jan1)], rounding: new RoundingRule("Up", 15)),
            TaskEvent(_task, _project, _company, version: 4, percent: 50, key: "AC-1"),
            Recorded(entry, _task, _project, _company, version: 1, minutes: 95, comment: "first"),
            Changed(entry, _task, _project, _company, version: 2, minutes: 100, comment: "second"),
            Recorded(removedEntry, _task, _project, _company, version: 1),
            Removed(removedEntry, _task, version: 2),
        ];

        foreach (var e in events)
        {
            await _events.DeliverAsync(e);
        }

        var once = await SnapshotAsync();
        foreach (var e in events)
        {
            await _events.DeliverAsync(e);
            await _events.DeliverAsync(e);
        }

        var again = await SnapshotAsync();

        Assert.Equal(once, again);
        await using var db = _world.NewDbContext();
        Assert.Equal(1, await db.Companies.CountAsync());
        Assert.Equal(1, await db.Projects.CountAsync());
        Assert.Equal(1, await db.Tasks.CountAsync());
        Assert.Equal(2, await db.TimeEntries.CountAsync());
        var kept = await db.TimeEntries.SingleAsync(e => e.Id == entry);
        Assert.Equal((2L, 100, "second", false), (kept.Version, kept.Minutes, kept.Comment, kept.Removed));
        Assert.True((await db.TimeEntries.SingleAsync(e => e.Id == removedEntry)).Removed);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_event_leave_one_row()
    {
        var entry = Guid.NewGuid();
        var recorded = Recorded(entry, _task, _project, _company, minutes: 42);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _events.DeliverAsync(recorded)));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.Equal((entry, 42), (row.Id, row.Minutes));
    }

    // ---- Reordering ----

    [Fact]
    public async Task An_older_company_project_or_task_version_after_a_newer_one_is_ignored()
    {
        await _events.DeliverAsync(
            Company(_company, version: 5, name: "New name", currency: "USD"),
            Company(_company, version: 4, name: "Old name", currency: "EUR"),
            Project(_project, _company, version: 5, name: "New project", rates: [new ProjectRate(null, null, 120m, Jan1)]),
            Project(_project, _company, version: 4, name: "Old project", rates: [new ProjectRate(null, null, 80m, Jan1)]),
            TaskEvent(_task, _project, _company, version: 5, title: "New title", status: "Done", percent: 25),
            TaskEvent(_task, _project, _company, version: 4, title: "Old title", status: "Open", percent: 100),
            TaskEvent(_task, _project, _company, version: 5, title: "Same version, other content", status: "Open", percent: 0));

        await using var db = _world.NewDbContext();
        var company = await db.Companies.SingleAsync();
        Assert.Equal((5L, "New name", "USD"), (company.Version, company.Name, company.Currency));
        var project = await db.Projects.SingleAsync();
        Assert.Equal((5L, "New project", 120m), (project.Version, project.Name, Assert.Single(project.Rates).HourlyRate));
        var task = await db.Tasks.SingleAsync();
        Assert.Equal((5L, "New title", "Done", 25), (task.Version, task.Title, task.Status, task.BillablePercent));
    }

    [Fact]
    public async Task An_older_time_entry_version_after_a_newer_one_is_ignored()
    {
        var entry = Guid.NewGuid();
        await _events.DeliverAsync(
            Changed(entry, _task, _project, _company, version: 3, minutes: 30, comment: "v3"),
            Changed(entry, _task, _project, _company, version: 2, minutes: 20, comment: "v2"),
            Recorded(entry, _task, _project, _company, version: 1, minutes: 10, comment: "v1"));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.Equal((3L, 30, "v3", false), (row.Version, row.Minutes, row.Comment, row.Removed));
    }

    [Fact]
    public async Task A_removal_that_overtakes_the_recording_stays_removed()
    {
        var entry = Guid.NewGuid();
        await _events.DeliverAsync(
            Removed(entry, _task, version: 3),
            Recorded(entry, _task, _project, _company, version: 1, minutes: 60),
            Changed(entry, _task, _project, _company, version: 2, minutes: 90));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.True(row.Removed);
        Assert.Equal(3L, row.Version);
        Assert.Equal(0, await db.TimeEntries.CountAsync(e => e.CompanyId == _company && !e.Removed));
    }

    [Fact]
    public async Task A_removal_after_the_recording_keeps_the_row_as_a_tombstone_and_a_late_change_cannot_revive_it()
    {
        var entry = Guid.NewGuid();
        await _events.DeliverAsync(
            Recorded(entry, _task, _project, _company, version: 1, minutes: 60),
            Removed(entry, _task, version: 3),
            Changed(entry, _task, _project, _company, version: 2, minutes: 90));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.True(row.Removed);
        Assert.Equal(3L, row.Version);
    }

    [Fact]
    public async Task An_older_removal_after_a_newer_change_is_ignored()
    {
        var entry = Guid.NewGuid();
        await _events.DeliverAsync(
            Recorded(entry, _task, _project, _company, version: 1),
            Changed(entry, _task, _project, _company, version: 3, minutes: 75),
            Removed(entry, _task, version: 2));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.False(row.Removed);
        Assert.Equal((3L, 75), (row.Version, row.Minutes));
    }

    // ---- Moves ----

    [Fact]
    public async Task A_change_that_moves_an_entry_to_another_task_and_project_updates_every_field()
    {
        var entry = Guid.NewGuid();
        var otherProject = Guid.NewGuid();
        var otherTask = Guid.NewGuid();
        await _events.DeliverAsync(
            Recorded(entry, _task, _project, _company, version: 1, person: "ann", date: new DateOnly(2026, 11, 2), minutes: 60, comment: "before"),
            Changed(entry, otherTask, otherProject, _company, version: 2, person: "bob", date: new DateOnly(2026, 11, 3), minutes: 45, comment: null));

        await using var db = _world.NewDbContext();
        var row = await db.TimeEntries.SingleAsync();
        Assert.Equal(
            (otherTask, otherProject, _company, "bob", new DateOnly(2026, 11, 3), 45, (string?)null, false, 2L),
            (row.TaskId, row.ProjectId, row.CompanyId, row.Person, row.WorkDate, row.Minutes, row.Comment, row.Removed, row.Version));
    }

    // ---- jsonb ----

    [Fact]
    public async Task A_project_rate_card_and_billable_percents_round_trip_through_jsonb()
    {
        List<ProjectRate> rates =
        [
            new(null, null, 100.00m, Jan1),
            new("Design", null, 85.5m, new DateOnly(2026, 3, 1)),
            new(null, "Ann Example", 120.99m, new DateOnly(2026, 6, 15)),
            new("Meeting", "bob", 0.01m, new DateOnly(2026, 12, 31)),
            new("Support", null, 12345678.91m, Jan1),
        ];
        List<WorkTypeBillablePercent> percents = [new("Development", 100), new("Meeting", 50), new("Internal", 0)];

        await _events.DeliverAsync(Project(_project, _company, version: 1, currency: "CHF", rates: rates,
            rounding: new RoundingRule("Nearest", 6), percents: percents, name: "Rates"));

        await using var db = _world.NewDbContext();
        var project = await db.Projects.SingleAsync();
        Assert.Equal(rates, project.Rates);
        Assert.Equal(percents, project.BillablePercents);
        Assert.Equal(("Nearest", 6, "CHF", _company, "Rates"),
            (project.RoundingMode, project.RoundingIncrementMinutes, project.Currency, project.CompanyId, project.Name));
        // The stored rate card prices work as the event's would.
        Assert.Equal(BillingRules.RateFor(rates, "ann example", "Design", new DateOnly(2026, 7, 1)),
            BillingRules.RateFor(project.Rates, "ann example", "Design", new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public async Task An_empty_rate_card_round_trips_as_empty()
    {
        await _events.DeliverAsync(Project(_project, _company, rates: [], percents: []));

        await using var db = _world.NewDbContext();
        var project = await db.Projects.SingleAsync();
        Assert.Empty(project.Rates);
        Assert.Empty(project.BillablePercents);
    }

    [Fact]
    public async Task A_newer_project_version_replaces_the_whole_rate_card()
    {
        await _events.DeliverAsync(
            Project(_project, _company, version: 1, rates: [new ProjectRate(null, null, 50m, Jan1), new ProjectRate("Design", null, 70m, Jan1)]),
            Project(_project, _company, version: 2, rates: [new ProjectRate(null, null, 55m, Jan1)], percents: [new WorkTypeBillablePercent("Meeting", 0)]));

        await using var db = _world.NewDbContext();
        var project = await db.Projects.SingleAsync();
        Assert.Equal([new ProjectRate(null, null, 55m, Jan1)], project.Rates);
        Assert.Equal([new WorkTypeBillablePercent("Meeting", 0)], project.BillablePercents);
    }

    // ---- Helpers ----

    /// <summary>Every read model row, as JSON, so two states compare as a whole.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = _world.NewDbContext();
        return JsonSerializer.Serialize(new
        {
            Companies = await db.Companies.AsNoTracking().OrderBy(c => c.Id).ToListAsync(),
            Projects = await db.Projects.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            Tasks = await db.Tasks.AsNoTracking().OrderBy(t => t.Id).ToListAsync(),
            TimeEntries = await db.TimeEntries.AsNoTracking().OrderBy(t => t.Id).ToListAsync(),
        });
    }
}
