using System.Net;
using System.Net.Http.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using static Clearhours.Reporting.Tests.ReadModelEvents;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The report preview over HTTP, on a read model fed over the bus, against a real PostgreSQL: which time each filter
/// selects, and the problems it answers with.
/// </summary>
public sealed class PreviewApiTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Nov1 = new(2026, 11, 1);
    private static readonly DateOnly Nov30 = new(2026, 11, 30);

    private ReportsWorld _world = null!;
    private ReadModelEvents _events = null!;

    private readonly Guid _company = Guid.NewGuid();
    private readonly Guid _otherCompany = Guid.NewGuid();
    private readonly Guid _p1 = Guid.NewGuid(); // EUR, 100.00/h
    private readonly Guid _p2 = Guid.NewGuid(); // EUR, 50.00/h
    private readonly Guid _t1 = Guid.NewGuid(); // P1, Development, Done, 100 %
    private readonly Guid _t2 = Guid.NewGuid(); // P1, Meeting, Open, 50 %
    private readonly Guid _t3 = Guid.NewGuid(); // P2, Internal, Done, 0 %
    private readonly Guid _e1 = Guid.NewGuid(); // T1 ann 2 Nov 60
    private readonly Guid _e2 = Guid.NewGuid(); // T1 bob 15 Nov 30
    private readonly Guid _e3 = Guid.NewGuid(); // T2 ann 30 Nov 45
    private readonly Guid _e4 = Guid.NewGuid(); // T3 bob 20 Nov 60
    private readonly Guid _before = Guid.NewGuid(); // T1 ann 31 Oct
    private readonly Guid _after = Guid.NewGuid(); // T1 ann 1 Dec
    private readonly Guid _removed = Guid.NewGuid(); // T1 ann 10 Nov, removed
    private readonly Guid _removedFirst = Guid.NewGuid(); // T1 ann 11 Nov, removal arrived before the recording
    private readonly Guid _foreign = Guid.NewGuid(); // another company's time, 5 Nov

    public async Task InitializeAsync()
    {
        _world = await ReportsWorld.CreateAsync(servers, "preview");
        _events = _world.Events;

        var jan1 = new DateOnly(2026, 1, 1);
        var otherProject = Guid.NewGuid();
        var otherTask = Guid.NewGuid();
        await _events.DeliverAsync(
            Company(_company, name: "Acme"),
            Company(_otherCompany, name: "Globex"),
            Project(_p1, _company, rates: [new ProjectRate(null, null, 100m, jan1)]),
            Project(_p2, _company, rates: [new ProjectRate(null, null, 50m, jan1)]),
            Project(otherProject, _otherCompany),
            TaskEvent(_t1, _p1, _company, workType: "Development", status: "Done", percent: 100, key: "AC-1"),
            TaskEvent(_t2, _p1, _company, workType: "Meeting", status: "Open", percent: 50, key: "AC-2"),
            TaskEvent(_t3, _p2, _company, workType: "Internal", status: "Done", percent: 0, key: "AC-3"),
            TaskEvent(otherTask, otherProject, _otherCompany),
            Recorded(_e1, _t1, _p1, _company, person: "ann", date: new DateOnly(2026, 11, 2), minutes: 60),
            Recorded(_e2, _t1, _p1, _company, person: "bob", date: new DateOnly(2026, 11, 15), minutes: 30),
            Recorded(_e3, _t2, _p1, _company, person: "ann", date: Nov30, minutes: 45),
            Recorded(_e4, _t3, _p2, _company, person: "bob", date: new DateOnly(2026, 11, 20), minutes: 60),
            Recorded(_before, _t1, _p1, _company, date: new DateOnly(2026, 10, 31)),
            Recorded(_after, _t1, _p1, _company, date: new DateOnly(2026, 12, 1)),
            Recorded(_removed, _t1, _p1, _company, date: new DateOnly(2026, 11, 10)),
            Removed(_removed, _t1, version: 2),
            Removed(_removedFirst, _t1, version: 2),
            Recorded(_removedFirst, _t1, _p1, _company, version: 1, date: new DateOnly(2026, 11, 11)),
            Recorded(_foreign, otherTask, otherProject, _otherCompany, date: new DateOnly(2026, 11, 5)));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- Filters ----

    [Fact]
    public async Task Without_filters_the_period_selects_the_companys_live_time_only()
    {
        var preview = await OkAsync(Request());

        Assert.Equal((_company, "Acme", Nov1, Nov30), (preview.CompanyId, preview.CompanyName, preview.From, preview.To));
        Assert.Equal(Ids(_e1, _e2, _e3, _e4), EntriesOf(preview));
        // T1: 90 min x 100 = 150.00; T2: 45 min at 50 % = 23 min = 0.38 h x 100 = 38.00; T3: 0 %, listed with a reason.
        Assert.Equal(
            [(_t1, 1.50m, 150.00m, false), (_t2, 0.38m, 38.00m, false), (_t3, 0m, 0m, true)],
            preview.Lines.Select(l => (l.TaskId, l.BilledHours, l.Amount, l.NonBillableReason is not null)));
        Assert.Equal(new ReportTotals(3.25m, 1.88m, 1.00m, 188.00m, "EUR"), preview.Totals);
    }

    [Fact]
    public async Task The_period_bounds_are_inclusive()
    {
        Assert.Equal(Ids(_e1, _e2), EntriesOf(await OkAsync(Request(from: new DateOnly(2026, 11, 2), to: new DateOnly(2026, 11, 15)))));
        Assert.Equal(Ids(_e3), EntriesOf(await OkAsync(Request(from: Nov30, to: Nov30))));
        Assert.Equal(Ids(_before, _e1, _e2, _e3, _e4, _after),
            EntriesOf(await OkAsync(Request(from: new DateOnly(2026, 10, 31), to: new DateOnly(2026, 12, 1)))));
        Assert.Empty(EntriesOf(await OkAsync(Request(from: new DateOnly(2026, 11, 3), to: new DateOnly(2026, 11, 14)))));
    }

    [Fact]
    public async Task The_project_filter_selects_time_of_those_projects()
    {
        Assert.Equal(Ids(_e4), EntriesOf(await OkAsync(Request() with { ProjectIds = [_p2] })));
        Assert.Equal(Ids(_e1, _e2, _e3), EntriesOf(await OkAsync(Request() with { ProjectIds = [_p1] })));
        Assert.Equal(Ids(_e1, _e2, _e3, _e4), EntriesOf(await OkAsync(Request() with { ProjectIds = [_p1, _p2] })));
        Assert.Equal(Ids(_e1, _e2, _e3, _e4), EntriesOf(await OkAsync(Request() with { ProjectIds = [] }))); // empty: no filter
        Assert.Empty(EntriesOf(await OkAsync(Request() with { ProjectIds = [Guid.NewGuid()] })));
    }

    [Fact]
    public async Task The_person_filter_selects_their_time()
    {
        Assert.Equal(Ids(_e2, _e4), EntriesOf(await OkAsync(Request() with { Persons = ["bob"] })));
        Assert.Equal(Ids(_e1, _e3), EntriesOf(await OkAsync(Request() with { Persons = ["ann"] })));
        Assert.Empty(EntriesOf(await OkAsync(Request() with { Persons = ["nobody"] })));
    }

    [Fact]
    public async Task The_work_type_and_status_filters_select_by_task()
    {
        Assert.Equal(Ids(_e3), EntriesOf(await OkAsync(Request() with { WorkTypes = ["Meeting"] })));
        Assert.Equal(Ids(_e1, _e2, _e4), EntriesOf(await OkAsync(Request() with { WorkTypes = ["Development", "Internal"] })));
        Assert.Equal(Ids(_e3), EntriesOf(await OkAsync(Request() with { Statuses = ["Open"] })));
        Assert.Equal(Ids(_e1, _e2, _e4), EntriesOf(await OkAsync(Request() with { Statuses = ["Done"] })));
        Assert.Empty(EntriesOf(await OkAsync(Request() with { WorkTypes = ["Meeting"], Statuses = ["Done"] })));
    }

    [Fact]
    public async Task The_billable_percent_range_is_inclusive()
    {
        Assert.Equal(Ids(_e1, _e2, _e3), EntriesOf(await OkAsync(Request() with { MinBillablePercent = 1 })));
        Assert.Equal(Ids(_e3, _e4), EntriesOf(await OkAsync(Request() with { MaxBillablePercent = 50 })));
        Assert.Equal(Ids(_e3), EntriesOf(await OkAsync(Request() with { MinBillablePercent = 50, MaxBillablePercent = 50 })));
        Assert.Equal(Ids(_e4), EntriesOf(await OkAsync(Request() with { MaxBillablePercent = 0 })));
        Assert.Equal(Ids(_e1, _e2), EntriesOf(await OkAsync(Request() with { MinBillablePercent = 100 })));
    }

    [Fact]
    public async Task Filters_combine()
    {
        var preview = await OkAsync(Request() with { ProjectIds = [_p1], Persons = ["ann"], Statuses = ["Done"], MinBillablePercent = 100 });

        Assert.Equal(Ids(_e1), EntriesOf(preview));
        Assert.Equal(100.00m, preview.Totals.Amount);
    }

    [Fact]
    public async Task Removed_time_is_excluded_even_when_the_removal_arrived_first()
    {
        var preview = await OkAsync(Request(from: new DateOnly(2026, 11, 10), to: new DateOnly(2026, 11, 11)));

        Assert.Empty(preview.Lines);
        Assert.Equal(new ReportTotals(0m, 0m, 0m, 0m, "EUR"), preview.Totals);
    }

    // ---- Problems ----

    [Fact]
    public async Task An_unknown_company_is_a_404_problem()
    {
        await ReportingApp.ProblemAsync(await PreviewAsync(Request() with { CompanyId = Guid.NewGuid() }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Time_in_two_currencies_is_a_409_problem_until_the_projects_are_narrowed_to_one()
    {
        var usd = Guid.NewGuid();
        var usdTask = Guid.NewGuid();
        await _events.DeliverAsync(
            Project(usd, _company, currency: "USD", name: "US work"),
            TaskEvent(usdTask, usd, _company),
            Recorded(Guid.NewGuid(), usdTask, usd, _company, date: new DateOnly(2026, 11, 3)));

        var problem = await ReportingApp.ProblemAsync(await PreviewAsync(Request()), HttpStatusCode.Conflict);
        Assert.Contains("USD", problem.GetProperty("detail").GetString());
        Assert.Contains("EUR", problem.GetProperty("detail").GetString());

        Assert.Equal("EUR", (await OkAsync(Request() with { ProjectIds = [_p1, _p2] })).Totals.Currency);
        Assert.Equal("USD", (await OkAsync(Request() with { ProjectIds = [usd] })).Totals.Currency);
    }

    [Fact]
    public async Task Time_of_a_project_not_known_yet_is_a_409_problem()
    {
        var unknownProject = Guid.NewGuid();
        var task = Guid.NewGuid();
        await _events.DeliverAsync(
            TaskEvent(task, unknownProject, _company),
            Recorded(Guid.NewGuid(), task, unknownProject, _company, date: new DateOnly(2026, 11, 3)));

        await ReportingApp.ProblemAsync(await PreviewAsync(Request()), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Time_of_a_task_not_known_yet_is_not_silently_left_out()
    {
        // The entry's TimeEntryRecorded has arrived, its task's TaskChanged not yet (they come from different
        // outbox rows, so either order happens). The preview must not quietly bill less than was worked.
        await _events.DeliverAsync(Recorded(Guid.NewGuid(), Guid.NewGuid(), _p1, _company, date: new DateOnly(2026, 11, 3), minutes: 120));

        await ReportingApp.ProblemAsync(await PreviewAsync(Request()), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_a_validation_problem()
    {
        var fields = await ReportingApp.FieldErrorsAsync(await PreviewAsync(Request(from: Nov30, to: Nov1)));

        Assert.Contains(nameof(PreviewRequest.To), fields, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("empty company")]
    [InlineData("more than a year")]
    [InlineData("min percent below 0")]
    [InlineData("max percent above 100")]
    [InlineData("too many persons")]
    [InlineData("empty person")]
    public async Task Invalid_filters_are_a_validation_problem(string kind)
    {
        var request = kind switch
        {
            "empty company" => Request() with { CompanyId = Guid.Empty },
            "more than a year" => Request(from: new DateOnly(2026, 1, 1), to: new DateOnly(2027, 1, 2)),
            "min percent below 0" => Request() with { MinBillablePercent = -1 },
            "max percent above 100" => Request() with { MaxBillablePercent = 101 },
            "too many persons" => Request() with { Persons = [.. Enumerable.Range(0, 201).Select(i => $"p{i}")] },
            "empty person" => Request() with { Persons = [null!] },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        await ReportingApp.FieldErrorsAsync(await PreviewAsync(request));
    }

    [Fact]
    public async Task A_full_year_is_allowed()
    {
        await OkAsync(Request(from: new DateOnly(2026, 1, 1), to: new DateOnly(2026, 12, 31)));
        await OkAsync(Request(from: new DateOnly(2028, 1, 1), to: new DateOnly(2028, 12, 31))); // leap year: 366 days
    }

    // ---- Helpers ----

    private PreviewRequest Request(DateOnly? from = null, DateOnly? to = null) =>
        new(_company, from ?? Nov1, to ?? Nov30, null, null, null, null, null, null);

    private Task<HttpResponseMessage> PreviewAsync(PreviewRequest request) =>
        _world.Manager.PostAsJsonAsync("/api/reports/preview", request, ReportingApp.Json);

    /// <summary>
    /// The answer over HTTP, and the same preview with the entry ids of each line (as a report card gets them; the HTTP
    /// answer counts them only): the two must agree line by line.
    /// </summary>
    private async Task<ReportPreview> OkAsync(PreviewRequest request)
    {
        var answer = await ReportingApp.ReadAsync<PreviewAnswer>(await PreviewAsync(request), HttpStatusCode.OK);
        await using var db = _world.NewDbContext();
        var (preview, refusal) = await db.PreviewAsync(request.ToCriteria(), CancellationToken.None);
        Assert.True(preview is not null, $"no preview: {refusal?.Title}");
        Assert.Equal(preview.Totals, answer.Totals);
        Assert.Equal(
            preview.Lines.Select(l => (l.TaskId, l.BilledMinutes, l.Amount, l.TimeEntryIds.Count)),
            answer.Lines.Select(l => (l.TaskId, l.BilledMinutes, l.Amount, l.EntryCount)));
        return preview;
    }

    private static List<Guid> Ids(params Guid[] ids) => [.. ids.Order()];

    private static List<Guid> EntriesOf(ReportPreview preview) => [.. preview.Lines.SelectMany(l => l.TimeEntryIds).Order()];
}
