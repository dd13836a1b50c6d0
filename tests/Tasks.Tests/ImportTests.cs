using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Import;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Tasks.Tests;

/// <summary>
/// POST /api/import: companies, projects, tasks and time entries upserted by external id from JSON or CSV, idempotent,
/// every row checked on its own, events through the outbox as the other endpoints publish them.
/// </summary>
public sealed class ImportTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string ReportNumber = "R-2026-0042";

    /// <summary>The events one import of <see cref="Sample"/> publishes: 2 companies, 2 projects, 3 tasks, 3 entries.</summary>
    private const int SampleEvents = 10;

    private const string CsvHeader =
        "company_external_id,company_name,company_currency,project_external_id,project_name,project_currency,task_external_id,task_title,"
        + "task_work_type,task_status,task_assignee,task_external_key,task_external_url,entry_external_id,person,work_date,minutes,comment";

    private static readonly CompanyImport Acme = new("acme", "Acme Ltd", "Acme Ltd LLC", "TX-100200", "1 Main Street, Minsk",
        "First Bank", "BY00FIRB00000000000000000001", "FIRBBY2X", "billing@acme.example", "EUR", 30);

    private static readonly CompanyImport Globex = new("globex", "Globex", Currency: "USD");

    private static readonly ProjectImport Website = new("acme-web", "acme", "Website", "EUR", "Up", 15, [new BillablePercentImport("Bug fixing", 50)]);

    private static readonly ProjectImport App = new("globex-app", "globex", "App", "USD");

    private static readonly TaskImport Landing = new("T-1", "acme-web", "Landing page", "Development", "In progress", null, "ann", "2026-03-20",
        "WEB-1", "https://planner.example/WEB-1");

    private static readonly TaskImport Login = new("T-2", "acme-web", "Fix the login", "Bug fixing");

    // A work type named ignoring case is the catalog's.
    private static readonly TaskImport Mockups = new("T-3", "globex-app", "Mock-ups", "design");

    private static readonly TimeEntryImport Layout = new("e-1", "T-1", "ann", "2026-03-02", 90, "layout, review");

    private static readonly TimeEntryImport Fix = new("e-2", "T-2", "bob", "2026-03-03", 30);

    private static readonly TimeEntryImport Sketches = new("e-3", "T-3", "ann", "2026-03-04", 60, "mock-ups");

    private readonly HashSet<Guid> _markers = [];
    private TasksApp _app = null!;

    public async Task InitializeAsync() => _app = await TasksApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // ---- Creating ----

    [Fact]
    public async Task Importing_a_JSON_file_creates_its_records_with_the_right_counts()
    {
        var result = await ImportAsync(Sample());

        Assert.Equal(new ImportCounts(2, 0, 0, 0), result.Companies);
        Assert.Equal(new ImportCounts(2, 0, 0, 0), result.Projects);
        Assert.Equal(new ImportCounts(3, 0, 0, 0), result.Tasks);
        Assert.Equal(new ImportCounts(3, 0, 0, 0), result.TimeEntries);
        Assert.Empty(result.Rejected);
        Assert.Equal((2, 2, 3, 3), await _app.WithDbAsync(async db => (
            await db.Companies.CountAsync(), await db.Projects.CountAsync(), await db.Tasks.CountAsync(), await db.TimeEntries.CountAsync())));
    }

    [Fact]
    public async Task Imported_records_are_visible_through_the_APIs_with_their_fields()
    {
        await ImportAsync(Sample());

        var acme = await GetAsync<CompanyDto>("companies", await CompanyIdAsync("acme"));
        var globex = await GetAsync<CompanyDto>("companies", await CompanyIdAsync("globex"));
        var website = await GetAsync<ProjectDto>("projects", await ProjectIdAsync("acme-web"));
        var app = await GetAsync<ProjectDto>("projects", await ProjectIdAsync("globex-app"));
        var landing = await _app.GetTaskAsync(await TaskIdAsync("T-1"));
        var login = await _app.GetTaskAsync(await TaskIdAsync("T-2"));
        var mockups = await _app.GetTaskAsync(await TaskIdAsync("T-3"));
        var layout = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        var fix = await _app.GetEntryAsync(await EntryIdAsync("e-2"));

        Assert.Equal(
            new CompanyDto(acme.Id, "acme", "Acme Ltd", "Acme Ltd LLC", "TX-100200", "1 Main Street, Minsk", "First Bank",
                "BY00FIRB00000000000000000001", "FIRBBY2X", "billing@acme.example", "EUR", 30, 1),
            acme);
        Assert.Equal(new CompanyDto(globex.Id, "globex", "Globex", null, null, null, null, null, null, null, "USD", 0, 1), globex);
        Assert.Equal((acme.Id, "Website", "EUR", RoundingMode.Up, 15, 1L), (website.CompanyId, website.Name, website.Currency, website.RoundingMode, website.RoundingIncrementMinutes, website.Version));
        Assert.Equal([new BillablePercentRequest("Bug fixing", 50)], website.BillablePercents);
        Assert.Equal((globex.Id, "App", "USD", RoundingMode.None, 0), (app.CompanyId, app.Name, app.Currency, app.RoundingMode, app.RoundingIncrementMinutes));
        Assert.Empty(app.BillablePercents);
        Assert.Equal(
            new TaskDto(landing.Id, "T-1", website.Id, acme.Id, "Landing page", "Development", "In progress", 100, "ann", new DateOnly(2026, 3, 20),
                "WEB-1", "https://planner.example/WEB-1", BillingState.Unbilled, 1),
            landing);
        // The project's percent for the work type, as POST /api/tasks gives it; a new task without status is Open.
        Assert.Equal(("Bug fixing", 50, "Open", (string?)null), (login.WorkType, login.BillablePercent, login.Status, login.Assignee));
        Assert.Equal(("Design", 100, app.Id, globex.Id), (mockups.WorkType, mockups.BillablePercent, mockups.ProjectId, mockups.CompanyId));
        Assert.Equal(
            new TimeEntryDto(layout.Id, "e-1", landing.Id, website.Id, acme.Id, "ann", new DateOnly(2026, 3, 2), 90, "layout, review",
                "Development", 100, TimeEntryBillingState.Unbilled, null, null, 1),
            layout);
        Assert.Equal((login.Id, "bob", 30, (string?)null, 50), (fix.TaskId, fix.Person, fix.Minutes, fix.Comment, fix.BillablePercent));
    }

    [Fact]
    public async Task Importing_publishes_one_event_per_created_record_with_version_1()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);
        var landing = await _app.GetTaskAsync(await TaskIdAsync("T-1"));
        var layout = await EntryIdAsync("e-1");

        await SettleAsync();

        Assert.Equal(2, _app.Bus.Events<CompanyChanged>(c => !_markers.Contains(c.CompanyId)).Count);
        Assert.Equal(2, _app.Bus.Events<ProjectChanged>().Count);
        Assert.Equal(3, _app.Bus.Events<TaskChanged>().Count);
        Assert.Equal(3, _app.Bus.Events<TimeEntryRecorded>().Count);
        Assert.Empty(_app.Bus.Events<TimeEntryChanged>());
        var recorded = Assert.Single(_app.Bus.Events<TimeEntryRecorded>(e => e.TimeEntryId == layout));
        Assert.Equal((1L, landing.Id, landing.ProjectId, landing.CompanyId, 90, "e-1"),
            (recorded.Version, recorded.TaskId, recorded.ProjectId, recorded.CompanyId, recorded.Minutes, recorded.ExternalId));
        Assert.All(_app.Bus.Events<TaskChanged>(), t => Assert.Equal(1L, t.Version));
    }

    [Fact]
    public async Task An_entry_may_name_a_task_imported_earlier()
    {
        await ImportAsync(Sample());

        var result = await ImportAsync(new ImportRequest(TimeEntries: [new TimeEntryImport("e-9", "T-1", "carl", "2026-03-09", 15)]));

        Assert.Equal(new ImportCounts(1, 0, 0, 0), result.TimeEntries);
        var entry = await _app.GetEntryAsync(await EntryIdAsync("e-9"));
        Assert.Equal((await TaskIdAsync("T-1"), "carl", 15), (entry.TaskId, entry.Person, entry.Minutes));
    }

    // ---- Idempotence and updates ----

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);

        var again = await ImportAsync(Sample());
        await SettleAsync();

        Assert.Equal(new ImportCounts(0, 0, 2, 0), again.Companies);
        Assert.Equal(new ImportCounts(0, 0, 2, 0), again.Projects);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.Tasks);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.TimeEntries);
        Assert.Empty(again.Rejected);
        Assert.Equal(SampleEvents, ImportEvents().Count);
        Assert.Equal([1L], await _app.WithDbAsync(async db =>
            (await db.Companies.Where(c => c.ExternalId != null).Select(c => c.Version).ToListAsync())
                .Concat(await db.Projects.Select(p => p.Version).ToListAsync())
                .Concat(await db.Tasks.Select(t => t.Version).ToListAsync())
                .Concat(await db.TimeEntries.Select(e => e.Version).ToListAsync())
                .Distinct().ToList()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_changed_entry_in_a_reimport_is_updated_and_publishes_one_TimeEntryChanged_with_the_next_version()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);

        var again = await ImportAsync(Sample(entries: [Layout with { Minutes = 120, Comment = null }, Fix, Sketches]));
        var id = await EntryIdAsync("e-1");
        var changed = await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == id);
        await SettleAsync();

        Assert.Equal(new ImportCounts(0, 1, 2, 0), again.TimeEntries);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.Tasks);
        Assert.Equal((2L, 120, (string?)null), (changed.Version, changed.Minutes, changed.Comment));
        Assert.Single(_app.Bus.Events<TimeEntryChanged>());
        Assert.Equal(SampleEvents + 1, ImportEvents().Count);
        var entry = await _app.GetEntryAsync(id);
        Assert.Equal((120, (string?)null, 2L), (entry.Minutes, entry.Comment, entry.Version));
    }

    [Fact]
    public async Task A_changed_task_in_a_reimport_is_updated_and_publishes_one_TaskChanged_with_the_next_version()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);

        var again = await ImportAsync(Sample(tasks: [Landing with { Title = "Landing page v2", Status = "Done" }, Login, Mockups]));
        var id = await TaskIdAsync("T-1");
        var changed = await _app.Bus.WaitForAsync<TaskChanged>(t => t.TaskId == id && t.Version == 2);
        await SettleAsync();

        Assert.Equal(new ImportCounts(0, 1, 2, 0), again.Tasks);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.TimeEntries);
        Assert.Equal(("Landing page v2", "Done", 100), (changed.Title, changed.Status, changed.BillablePercent));
        Assert.Equal([1L, 2L], _app.Bus.Events<TaskChanged>(t => t.TaskId == id).Select(t => t.Version).Order());
        Assert.Equal(SampleEvents + 1, ImportEvents().Count);
        Assert.Equal(("Landing page v2", 2L), ((await _app.GetTaskAsync(id)).Title, (await _app.GetTaskAsync(id)).Version));
    }

    [Fact]
    public async Task A_JSON_row_is_a_full_record_so_an_optional_field_left_out_is_cleared()
    {
        await ImportAsync(Sample());

        var again = await ImportAsync(Sample(companies: [Acme with { BankName = null, BankAccount = null, BankBic = null }, Globex]));

        Assert.Equal(new ImportCounts(0, 1, 1, 0), again.Companies);
        var acme = await GetAsync<CompanyDto>("companies", await CompanyIdAsync("acme"));
        Assert.Equal(((string?)null, (string?)null, "billing@acme.example", 2L), (acme.BankName, acme.BankAccount, acme.ContactEmail, acme.Version));
    }

    // ---- Rejected rows ----

    [Fact]
    public async Task Minutes_0_and_1441_are_rejected_rows_while_the_valid_rows_are_imported()
    {
        var result = await ImportAsync(Sample(entries: [Layout, Fix, Sketches, Entry("e-4", minutes: 0), Entry("e-5", minutes: 1441)]));

        Assert.Equal(new ImportCounts(3, 0, 0, 2), result.TimeEntries);
        AssertRejected(result, ImportKinds.TimeEntry, 4, "e-4", "minutes: must be between 1 and 1440.");
        AssertRejected(result, ImportKinds.TimeEntry, 5, "e-5", "minutes: must be between 1 and 1440.");
        Assert.Equal(2, result.Rejected.Count);
        Assert.False(await EntryExistsAsync("e-4"));
        Assert.False(await EntryExistsAsync("e-5"));
        Assert.True(await EntryExistsAsync("e-3"));
    }

    [Fact]
    public async Task Minutes_1_and_1440_are_accepted()
    {
        var result = await ImportAsync(Sample(entries: [Entry("e-4", minutes: 1), Entry("e-5", minutes: 1440)]));

        Assert.Equal(new ImportCounts(2, 0, 0, 0), result.TimeEntries);
        Assert.Equal(1440, (await _app.GetEntryAsync(await EntryIdAsync("e-5"))).Minutes);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("03/02/2026")]
    [InlineData("2026-3-2")]
    [InlineData("2026/03/02")]
    [InlineData("2026-03-02T10:00")]
    public async Task A_bad_date_is_a_rejected_row(string date)
    {
        var result = await ImportAsync(Sample(entries: [Layout, Entry("e-4", date: date)]));

        Assert.Equal(new ImportCounts(1, 0, 0, 1), result.TimeEntries);
        AssertRejected(result, ImportKinds.TimeEntry, 2, "e-4", $"workDate: '{date}' is not a date as yyyy-MM-dd.");
        Assert.False(await EntryExistsAsync("e-4"));
    }

    [Fact]
    public async Task An_unknown_work_type_rejects_the_task_and_its_entries_and_saves_nothing_of_them()
    {
        var result = await ImportAsync(Sample(
            tasks: [Landing, Login, Mockups, new TaskImport("T-4", "acme-web", "Weeding", "Gardening")],
            entries: [Layout, Fix, Sketches, Entry("e-4", task: "T-4"), Entry("e-5", task: "T-4")]));

        Assert.Equal(new ImportCounts(3, 0, 0, 1), result.Tasks);
        Assert.Equal(new ImportCounts(3, 0, 0, 2), result.TimeEntries);
        AssertRejected(result, ImportKinds.Task, 4, "T-4", "workType: unknown work type 'Gardening'.");
        AssertRejected(result, ImportKinds.TimeEntry, 4, "e-4", "taskExternalId: task 'T-4' was rejected (row 4).");
        AssertRejected(result, ImportKinds.TimeEntry, 5, "e-5", "taskExternalId: task 'T-4' was rejected (row 4).");
        Assert.False(await _app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.ExternalId == "T-4")));
        Assert.False(await EntryExistsAsync("e-4"));
        Assert.False(await EntryExistsAsync("e-5"));
        await WaitForEventsAsync(SampleEvents);
        await SettleAsync();
        Assert.Equal(SampleEvents, ImportEvents().Count);
    }

    [Fact]
    public async Task A_rejected_change_to_an_existing_task_leaves_the_task_and_its_entries_as_they_were()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);

        var again = await ImportAsync(Sample(
            tasks: [Landing with { Title = "Renamed", WorkType = "Gardening" }, Login, Mockups],
            entries: [Layout with { Minutes = 120 }, Fix, Sketches]));
        await SettleAsync();

        AssertRejected(again, ImportKinds.Task, 1, "T-1", "workType: unknown work type 'Gardening'.");
        AssertRejected(again, ImportKinds.TimeEntry, 1, "e-1", "taskExternalId: task 'T-1' was rejected (row 1).");
        var task = await _app.GetTaskAsync(await TaskIdAsync("T-1"));
        var entry = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        Assert.Equal(("Landing page", "Development", 1L), (task.Title, task.WorkType, task.Version));
        Assert.Equal((90, 1L), (entry.Minutes, entry.Version));
        Assert.Equal(SampleEvents, ImportEvents().Count);
    }

    [Fact]
    public async Task A_bad_currency_rejects_the_company_and_the_rows_that_name_it()
    {
        var result = await ImportAsync(Sample(
            companies: [Acme, Globex, new CompanyImport("initech", "Initech", Currency: "ZZZ")],
            projects: [Website, App, new ProjectImport("initech-tps", "initech", "TPS reports", "EURO")]));

        Assert.Equal(new ImportCounts(2, 0, 0, 1), result.Companies);
        Assert.Equal(new ImportCounts(2, 0, 0, 1), result.Projects);
        AssertRejected(result, ImportKinds.Company, 3, "initech", "currency: 'ZZZ' is not an ISO 4217 currency code, e.g. BYN, USD, EUR, RUB.");
        var project = Assert.Single(result.Rejected, r => r.Kind == ImportKinds.Project);
        Assert.Equal((3, "initech-tps"), (project.Row, project.ExternalId));
        Assert.Contains("currency: 'EURO' is not an ISO 4217 currency code, e.g. BYN, USD, EUR, RUB.", project.Reasons);
        Assert.False(await _app.WithDbAsync(db => db.Companies.AnyAsync(c => c.ExternalId == "initech")));
        Assert.False(await _app.WithDbAsync(db => db.Projects.AnyAsync(p => p.ExternalId == "initech-tps")));
    }

    [Fact]
    public async Task A_project_naming_a_rejected_company_is_rejected_with_the_reason()
    {
        var result = await ImportAsync(Sample(
            companies: [Acme, Globex, new CompanyImport("initech", "Initech", Currency: "ZZZ")],
            projects: [Website, App, new ProjectImport("initech-tps", "initech", "TPS reports", "USD")]));

        AssertRejected(result, ImportKinds.Project, 3, "initech-tps", "companyExternalId: company 'initech' was rejected (row 3).");
        Assert.False(await _app.WithDbAsync(db => db.Projects.AnyAsync(p => p.ExternalId == "initech-tps")));
    }

    [Fact]
    public async Task An_entry_naming_a_task_neither_in_the_file_nor_in_the_database_is_rejected()
    {
        var result = await ImportAsync(Sample(entries: [Layout, Fix, Sketches, Entry("e-4", task: "T-404")]));

        Assert.Equal(new ImportCounts(3, 0, 0, 1), result.TimeEntries);
        AssertRejected(result, ImportKinds.TimeEntry, 4, "e-4", "taskExternalId: no task 'T-404' in the file or the database.");
        Assert.False(await EntryExistsAsync("e-4"));
    }

    [Fact]
    public async Task An_external_id_used_by_two_rows_rejects_both()
    {
        var result = await ImportAsync(Sample(entries: [Layout, Entry("e-dup", minutes: 10), Fix, Entry("e-dup", minutes: 20)]));

        Assert.Equal(new ImportCounts(2, 0, 0, 2), result.TimeEntries);
        AssertRejected(result, ImportKinds.TimeEntry, 2, "e-dup", "externalId: 'e-dup' is used by rows 2, 4; none of them was imported.");
        AssertRejected(result, ImportKinds.TimeEntry, 4, "e-dup", "externalId: 'e-dup' is used by rows 2, 4; none of them was imported.");
        Assert.False(await EntryExistsAsync("e-dup"));
    }

    [Fact]
    public async Task A_work_date_after_tomorrow_or_over_ten_years_back_is_a_rejected_row()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var tooLate = today.AddDays(2).ToString("yyyy-MM-dd");
        var tooEarly = today.AddYears(-10).AddDays(-1).ToString("yyyy-MM-dd");

        var result = await ImportAsync(Sample(entries: [Layout, Entry("e-4", date: tooLate), Entry("e-5", date: tooEarly)]));

        Assert.Equal(new ImportCounts(1, 0, 0, 2), result.TimeEntries);
        Assert.Contains("workDate: Not after", Assert.Single(Assert.Single(result.Rejected, r => r.ExternalId == "e-4").Reasons));
        Assert.Contains("workDate: Not before", Assert.Single(Assert.Single(result.Rejected, r => r.ExternalId == "e-5").Reasons));
    }

    [Fact]
    public async Task A_row_with_several_faults_lists_every_reason_and_missing_fields_are_named()
    {
        var result = await ImportAsync(new ImportRequest(TimeEntries: [new TimeEntryImport("e-1", null, " ", "soon", 0)]));

        var row = Assert.Single(result.Rejected);
        Assert.Equal((ImportKinds.TimeEntry, 1, "e-1"), (row.Kind, row.Row, row.ExternalId));
        Assert.Equal(
            ["taskExternalId: required.", "person: required.", "workDate: 'soon' is not a date as yyyy-MM-dd.", "minutes: must be between 1 and 1440."],
            row.Reasons);
    }

    [Fact]
    public async Task A_null_row_is_a_rejected_row_not_a_500()
    {
        using var response = await PostAsync("{\"timeEntries\":[null],\"companies\":[{\"externalId\":\"acme\",\"name\":\"Acme\",\"currency\":\"EUR\"}]}", "application/json");

        var result = await TasksApp.ReadAsync<ImportResult>(response, HttpStatusCode.OK);
        Assert.Equal(new ImportCounts(1, 0, 0, 0), result.Companies);
        var row = Assert.Single(result.Rejected);
        Assert.Equal((ImportKinds.TimeEntry, 1, (string?)null), (row.Kind, row.Row, row.ExternalId));
        Assert.Contains("externalId: required.", row.Reasons);
    }

    // ---- CSV ----

    [Fact]
    public async Task The_same_data_as_CSV_gives_the_same_result_as_JSON()
    {
        var json = await ImportAsync(CsvEquivalent("j-"));
        var csv = await ImportCsvAsync(Csv("c-"));

        Assert.Equal((json.Companies, json.Projects, json.Tasks, json.TimeEntries), (csv.Companies, csv.Projects, csv.Tasks, csv.TimeEntries));
        Assert.Equal(new ImportCounts(4, 0, 0, 0), csv.TimeEntries);
        Assert.Empty(csv.Rejected);
        Assert.Empty(json.Rejected);
        var records = await RecordsAsync();
        Assert.Equal(records.Where(r => r.StartsWith("j-", StringComparison.Ordinal)).Select(r => r[2..]).Order(),
            records.Where(r => r.StartsWith("c-", StringComparison.Ordinal)).Select(r => r[2..]).Order());
        Assert.Equal("mock-ups \"v2\"\nsecond line", (await _app.GetEntryAsync(await EntryIdAsync("c-e-3"))).Comment);
    }

    [Fact]
    public async Task Importing_the_same_CSV_twice_changes_nothing_the_second_time()
    {
        await ImportCsvAsync(Csv(""));
        await WaitForEventsAsync(2 + 2 + 3 + 4);

        var again = await ImportCsvAsync(Csv(""));
        await SettleAsync();

        Assert.Equal(new ImportCounts(0, 0, 2, 0), again.Companies);
        Assert.Equal(new ImportCounts(0, 0, 2, 0), again.Projects);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.Tasks);
        Assert.Equal(new ImportCounts(0, 0, 4, 0), again.TimeEntries);
        Assert.Equal(2 + 2 + 3 + 4, ImportEvents().Count);
    }

    [Fact]
    public async Task A_CSV_line_may_only_name_existing_records_and_keeps_their_other_values()
    {
        await ImportAsync(Sample());

        var result = await ImportCsvAsync(CsvHeader + "\nacme,,,acme-web,,,T-1,,,,,,,e-9,carl,2026-03-09,15,\n");

        Assert.Equal(new ImportCounts(0, 0, 1, 0), result.Companies);
        Assert.Equal(new ImportCounts(0, 0, 1, 0), result.Projects);
        Assert.Equal(new ImportCounts(0, 0, 1, 0), result.Tasks);
        Assert.Equal(new ImportCounts(1, 0, 0, 0), result.TimeEntries);
        var acme = await GetAsync<CompanyDto>("companies", await CompanyIdAsync("acme"));
        Assert.Equal(("First Bank", 30, 1L), (acme.BankName, acme.PaymentTermsDays, acme.Version));
        var website = await GetAsync<ProjectDto>("projects", await ProjectIdAsync("acme-web"));
        Assert.Equal((RoundingMode.Up, 1L), (website.RoundingMode, website.Version));
        Assert.Equal(new DateOnly(2026, 3, 20), (await _app.GetTaskAsync(await TaskIdAsync("T-1"))).CompletedOn);
    }

    [Fact]
    public async Task CSV_rejected_lines_are_reported_by_their_line_in_the_file_and_the_others_are_imported()
    {
        var csv = CsvHeader + "\n"
            + "acme,Acme Ltd,EUR,acme-web,Website,,T-1,Landing page,Development,,,,,e-1,ann,2026-03-02,90,\n"
            + "acme,,,acme-web,,,T-1,,,,,,,e-2,ann,2026-03-03,0,\n"
            + "acme,,,acme-web,,,T-1,,,,,,,e-3,ann,2026-13-01,30,\n"
            + "acme,,,acme-web,,,T-1,,,,,,,e-4,ann,2026-03-04,ninety,\n"
            + "acme,,,acme-web,,,T-2,Other,Gardening,,,,,e-5,ann,2026-03-05,30,\n";

        var result = await ImportCsvAsync(csv);

        Assert.Equal(new ImportCounts(1, 0, 0, 4), result.TimeEntries);
        Assert.Equal(new ImportCounts(1, 0, 0, 0), result.Tasks);
        AssertRejected(result, ImportKinds.TimeEntry, 3, "e-2", "minutes: must be between 1 and 1440.");
        AssertRejected(result, ImportKinds.TimeEntry, 4, "e-3", "work_date: '2026-13-01' is not a date as yyyy-MM-dd.");
        AssertRejected(result, ImportKinds.TimeEntry, 5, "e-4", "minutes: 'ninety' is not a whole number.");
        AssertRejected(result, ImportKinds.TimeEntry, 6, "e-5", "task_work_type: unknown work type 'Gardening'.");
        Assert.Equal(["e-1"], await _app.WithDbAsync(db => db.TimeEntries.Select(e => e.ExternalId!).ToListAsync()));
        Assert.False(await _app.WithDbAsync(db => db.Tasks.AnyAsync(t => t.ExternalId == "T-2")));
    }

    [Fact]
    public async Task A_CSV_with_a_wrong_header_is_a_400_problem_and_imports_nothing()
    {
        using var response = await PostAsync(
            "company,project,task,entry,person,work_date,minutes\nacme,acme-web,T-1,e-1,ann,2026-03-02,90\n", "text/csv");

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("'company'", detail);
        Assert.Contains("entry_external_id", detail);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Companies.CountAsync()));
    }

    // ---- Unreadable bodies ----

    [Theory]
    [InlineData("application/json", "")]
    [InlineData("application/json", "{\"companies\": [")]
    [InlineData("application/json", "not json at all")]
    [InlineData("application/json", "{\"companies\":[{\"externalId\":\"acme\",\"nmae\":\"Acme\"}]}")]
    [InlineData("application/json", "{\"timeEntries\":[{\"externalId\":\"e-1\",\"minutes\":\"90\"}]}")]
    [InlineData("application/json", "{\"timeEntries\":[{\"externalId\":\"e-1\",\"minutes\":1e12}]}")]
    [InlineData("application/json", "[]")]
    [InlineData("application/json", "{}")]
    [InlineData("application/json", "null")]
    [InlineData("application/json", "{\"companies\":[],\"timeEntries\":[]}")]
    [InlineData("text/csv", "")]
    [InlineData("text/csv", "company_external_id;project_external_id;task_external_id;entry_external_id;person;work_date;minutes\n")]
    [InlineData("text/csv", "company_external_id,project_external_id,task_external_id,person,work_date,minutes\na,p,t,ann,2026-03-02,90\n")]
    [InlineData("text/csv", "company_external_id,project_external_id,task_external_id,entry_external_id,person,work_date,minutes,minutes\n")]
    [InlineData("text/csv", "company_external_id,project_external_id,task_external_id,entry_external_id,person,work_date,minutes\n")]
    [InlineData("text/csv", "company_external_id,project_external_id,task_external_id,entry_external_id,person,work_date,minutes,comment\na,p,t,e,ann,2026-03-02,90,\"open\n")]
    public async Task An_unreadable_body_is_a_400_problem(string mediaType, string body)
    {
        using var response = await PostAsync(body, mediaType);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Companies.CountAsync()));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Another_content_type_is_a_415_problem(string? mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Sample(), TasksApp.Json)));
        if (mediaType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        using var response = await _app.Manager.PostAsync("/api/import", content);

        await TasksApp.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Companies.CountAsync()));
    }

    [Fact]
    public async Task A_body_over_64_MiB_is_a_413_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = new ByteArrayContent(new byte[ImportApi.MaxBodyBytes + 1]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        // Above the pipeline's drain limit the 413 is sent and the connection closed before the body is read: a client
        // that waits for 100-continue reads it instead of breaking its pipe mid-upload.
        request.Headers.ExpectContinue = true;

        using var response = await _app.Manager.SendAsync(request);

        await TasksApp.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_JSON_content_type_with_a_charset_is_accepted()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(Sample(), TasksApp.Json), "Application/JSON; charset=utf-8");

        var result = await TasksApp.ReadAsync<ImportResult>(response, HttpStatusCode.OK);
        Assert.Equal(new ImportCounts(3, 0, 0, 0), result.TimeEntries);
    }

    // ---- Billed time ----

    [Fact]
    public async Task A_locked_entry_changed_in_a_reimport_is_a_rejected_row_naming_the_report_and_stays_as_it_was()
    {
        await ImportAsync(Sample());
        var locked = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        await _app.ApproveAsync(locked.CompanyId, ReportNumber, locked);
        var before = await _app.GetEntryAsync(locked.Id);

        var again = await ImportAsync(Sample(entries: [Layout with { Minutes = 120 }, Fix, Sketches]));

        Assert.Equal(new ImportCounts(0, 0, 2, 1), again.TimeEntries);
        var row = Assert.Single(again.Rejected);
        Assert.Equal((ImportKinds.TimeEntry, 1, "e-1"), (row.Kind, row.Row, row.ExternalId));
        Assert.Contains(row.Reasons, r => r.Contains(ReportNumber, StringComparison.Ordinal));
        var after = await _app.GetEntryAsync(locked.Id);
        Assert.Equal((90, before.Version, TimeEntryBillingState.InReport, ReportNumber), (after.Minutes, after.Version, after.BillingState, after.ReportNumber));
        Assert.Empty(_app.Bus.Events<TimeEntryChanged>());
    }

    [Fact]
    public async Task A_locked_entry_imported_again_unchanged_is_unchanged_not_rejected()
    {
        await ImportAsync(Sample());
        var locked = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        await _app.ApproveAsync(locked.CompanyId, ReportNumber, locked);

        var again = await ImportAsync(Sample());

        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.TimeEntries);
        Assert.Empty(again.Rejected);
    }

    [Fact]
    public async Task Moving_a_project_with_billed_time_to_another_company_is_a_rejected_row_naming_the_report()
    {
        await ImportAsync(Sample());
        var locked = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        await _app.ApproveAsync(locked.CompanyId, ReportNumber, locked);

        var again = await ImportAsync(Sample(projects: [Website with { CompanyExternalId = "globex" }, App]));

        var row = Assert.Single(again.Rejected, r => r.Kind == ImportKinds.Project);
        Assert.Equal((1, "acme-web"), (row.Row, row.ExternalId));
        Assert.Contains(row.Reasons, r => r.Contains(ReportNumber, StringComparison.Ordinal));
        Assert.Equal(locked.CompanyId, (await GetAsync<ProjectDto>("projects", locked.ProjectId)).CompanyId);
        Assert.Equal(locked.CompanyId, (await _app.GetEntryAsync(locked.Id)).CompanyId);
    }

    [Fact]
    public async Task New_unbilled_time_imported_on_a_paid_task_makes_it_partly_paid_as_the_API_does()
    {
        await ImportAsync(Sample());
        var paid = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        var report = await _app.ApproveAsync(paid.CompanyId, ReportNumber, paid);
        await _app.PayAsync(report, paid);
        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(paid.TaskId)).BillingState);

        var result = await ImportAsync(new ImportRequest(TimeEntries: [new TimeEntryImport("e-9", "T-1", "carl", "2026-03-09", 15)]));

        Assert.Equal(new ImportCounts(1, 0, 0, 0), result.TimeEntries);
        var task = await _app.GetTaskAsync(paid.TaskId);
        Assert.Equal(BillingState.PartlyPaid, task.BillingState);
        var changed = await _app.Bus.WaitForAsync<TaskChanged>(t => t.TaskId == task.Id && t.BillingState == nameof(BillingState.PartlyPaid));
        Assert.Equal(task.Version, changed.Version);
    }

    [Fact]
    public async Task Unbilled_time_imported_away_from_a_partly_paid_task_leaves_it_paid()
    {
        await ImportAsync(Sample(entries: [Layout, Fix, Sketches, Entry("e-4")]));
        var paid = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        var report = await _app.ApproveAsync(paid.CompanyId, ReportNumber, paid);
        await _app.PayAsync(report, paid);
        Assert.Equal(BillingState.PartlyPaid, (await _app.GetTaskAsync(paid.TaskId)).BillingState);

        var result = await ImportAsync(Sample(entries: [Layout, Fix, Sketches, Entry("e-4", task: "T-2")]));

        Assert.Equal(new ImportCounts(0, 1, 3, 0), result.TimeEntries);
        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(paid.TaskId)).BillingState);
        Assert.Equal(BillingState.Unbilled, (await _app.GetTaskAsync(await TaskIdAsync("T-2"))).BillingState);
        await _app.Bus.WaitForAsync<TaskChanged>(t => t.TaskId == paid.TaskId && t.BillingState == nameof(BillingState.Paid));
    }

    // ---- Moves ----

    [Fact]
    public async Task Moving_a_project_to_another_company_republishes_its_tasks_and_entries_with_the_new_company()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);
        var globex = await CompanyIdAsync("globex");
        var project = await ProjectIdAsync("acme-web");

        var again = await ImportAsync(Sample(projects: [Website with { CompanyExternalId = "globex" }, App]));

        Assert.Equal(new ImportCounts(0, 1, 1, 0), again.Projects);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.Tasks);
        Assert.Equal(new ImportCounts(0, 0, 3, 0), again.TimeEntries);
        Assert.Empty(again.Rejected);
        await _app.Bus.WaitForAsync<ProjectChanged>(p => p.ProjectId == project && p.Version == 2 && p.CompanyId == globex);
        foreach (var externalId in new[] { "T-1", "T-2" })
        {
            var task = await _app.GetTaskAsync(await TaskIdAsync(externalId));
            Assert.Equal((globex, 2L), (task.CompanyId, task.Version));
            var changed = await _app.Bus.WaitForAsync<TaskChanged>(t => t.TaskId == task.Id && t.Version == 2);
            Assert.Equal((globex, project), (changed.CompanyId, changed.ProjectId));
        }

        foreach (var externalId in new[] { "e-1", "e-2" })
        {
            var entry = await _app.GetEntryAsync(await EntryIdAsync(externalId));
            Assert.Equal((globex, 2L), (entry.CompanyId, entry.Version));
            var changed = await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == entry.Id);
            Assert.Equal((2L, globex, project, entry.Minutes), (changed.Version, changed.CompanyId, changed.ProjectId, changed.Minutes));
        }

        await SettleAsync();
        Assert.Equal(SampleEvents + 1 + 2 + 2, ImportEvents().Count);
        Assert.Equal(1L, (await _app.GetTaskAsync(await TaskIdAsync("T-3"))).Version);
    }

    [Fact]
    public async Task A_file_that_moved_a_project_imported_again_changes_nothing()
    {
        await ImportAsync(Sample());
        var moved = Sample(projects: [Website with { CompanyExternalId = "globex" }, App]);
        await ImportAsync(moved);
        await WaitForEventsAsync(SampleEvents + 5);

        var again = await ImportAsync(moved);
        await SettleAsync();

        Assert.Equal((0, 0, 0, 0), (again.Companies.Updated, again.Projects.Updated, again.Tasks.Updated, again.TimeEntries.Updated));
        Assert.Equal(SampleEvents + 5, ImportEvents().Count);
    }

    [Fact]
    public async Task Moving_a_task_to_another_project_republishes_its_entries()
    {
        await ImportAsync(Sample());
        await WaitForEventsAsync(SampleEvents);
        var globex = await CompanyIdAsync("globex");
        var app = await ProjectIdAsync("globex-app");

        var again = await ImportAsync(Sample(tasks: [Landing with { ProjectExternalId = "globex-app" }, Login, Mockups]));

        Assert.Equal(new ImportCounts(0, 1, 2, 0), again.Tasks);
        var entry = await _app.GetEntryAsync(await EntryIdAsync("e-1"));
        Assert.Equal((app, globex, 2L), (entry.ProjectId, entry.CompanyId, entry.Version));
        var changed = await _app.Bus.WaitForAsync<TimeEntryChanged>(e => e.TimeEntryId == entry.Id);
        Assert.Equal((2L, app, globex), (changed.Version, changed.ProjectId, changed.CompanyId));
    }

    // ---- Roles ----

    [Fact]
    public async Task An_accountant_is_403()
    {
        using var response = await _app.Client(StaffRoles.Accountant).PostAsJsonAsync("/api/import", Sample(), TasksApp.Json);

        await TasksApp.ExpectAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Companies.CountAsync()));
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        using var response = await _app.Client(null).PostAsJsonAsync("/api/import", Sample(), TasksApp.Json);

        await TasksApp.ExpectAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Companies.CountAsync()));
    }

    [Fact]
    public async Task An_admin_may_import()
    {
        using var response = await _app.Client(StaffRoles.Admin).PostAsJsonAsync("/api/import", Sample(), TasksApp.Json);

        var result = await TasksApp.ReadAsync<ImportResult>(response, HttpStatusCode.OK);
        Assert.Equal(new ImportCounts(2, 0, 0, 0), result.Companies);
    }

    // ---- Files ----

    private static ImportRequest Sample(
        IReadOnlyList<CompanyImport>? companies = null, IReadOnlyList<ProjectImport>? projects = null,
        IReadOnlyList<TaskImport>? tasks = null, IReadOnlyList<TimeEntryImport>? entries = null) =>
        new(companies ?? [Acme, Globex], projects ?? [Website, App], tasks ?? [Landing, Login, Mockups], entries ?? [Layout, Fix, Sketches]);

    private static TimeEntryImport Entry(string externalId, string task = "T-1", string date = "2026-03-05", int minutes = 30) =>
        new(externalId, task, "ann", date, minutes);

    /// <summary>What <see cref="Csv"/> says, as JSON (a CSV carries only some fields; the others get their defaults).</summary>
    private static ImportRequest CsvEquivalent(string p) => new(
        [new CompanyImport($"{p}acme", "Acme Ltd", Currency: "EUR"), new CompanyImport($"{p}globex", "Globex", Currency: "USD")],
        [new ProjectImport($"{p}acme-web", $"{p}acme", "Website", "EUR"), new ProjectImport($"{p}globex-app", $"{p}globex", "App", "USD")],
        [
            new TaskImport($"{p}T-1", $"{p}acme-web", "Landing page", "Development", "In progress", null, "ann", null, "WEB-1", "https://planner.example/WEB-1"),
            new TaskImport($"{p}T-2", $"{p}acme-web", "Fix the login", "Bug fixing"),
            new TaskImport($"{p}T-3", $"{p}globex-app", "Mock-ups", "design"),
        ],
        [
            new TimeEntryImport($"{p}e-1", $"{p}T-1", "ann", "2026-03-02", 90, "layout, review"),
            new TimeEntryImport($"{p}e-2", $"{p}T-2", "bob", "2026-03-03", 30),
            new TimeEntryImport($"{p}e-3", $"{p}T-3", "ann", "2026-03-04", 60, "mock-ups \"v2\"\nsecond line"),
            new TimeEntryImport($"{p}e-4", $"{p}T-1", "ann", "2026-03-05", 45),
        ]);

    /// <summary>The CSV of <see cref="CsvEquivalent"/>: quoted commas, quotes and a line break; lines that only name records.</summary>
    private static string Csv(string p) =>
        CsvHeader + "\r\n"
        + $"{p}acme,Acme Ltd,EUR,{p}acme-web,Website,EUR,{p}T-1,Landing page,Development,In progress,ann,WEB-1,https://planner.example/WEB-1,{p}e-1,ann,2026-03-02,90,\"layout, review\"\r\n"
        + $"{p}acme,,,{p}acme-web,,,{p}T-2,Fix the login,Bug fixing,,,,,{p}e-2,bob,2026-03-03,30,\r\n"
        + $"{p}globex,Globex,USD,{p}globex-app,App,,{p}T-3,Mock-ups,design,,,,,{p}e-3,ann,2026-03-04,60,\"mock-ups \"\"v2\"\"\nsecond line\"\r\n"
        + $"{p}acme,,,{p}acme-web,,,{p}T-1,,,,,,,{p}e-4,ann,2026-03-05,45,\r\n";

    // ---- Calls ----

    private async Task<ImportResult> ImportAsync(ImportRequest request) =>
        await TasksApp.ReadAsync<ImportResult>(await _app.Manager.PostAsJsonAsync("/api/import", request, TasksApp.Json), HttpStatusCode.OK);

    private async Task<ImportResult> ImportCsvAsync(string csv) =>
        await TasksApp.ReadAsync<ImportResult>(await PostAsync(csv, "text/csv"), HttpStatusCode.OK);

    private Task<HttpResponseMessage> PostAsync(string body, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return _app.Manager.PostAsync("/api/import", content);
    }

    private async Task<T> GetAsync<T>(string resource, Guid id) =>
        await TasksApp.ReadAsync<T>(await _app.Manager.GetAsync($"/api/{resource}/{id}"), HttpStatusCode.OK);

    private Task<Guid> CompanyIdAsync(string externalId) =>
        _app.WithDbAsync(db => db.Companies.Where(c => c.ExternalId == externalId).Select(c => c.Id).SingleAsync());

    private Task<Guid> ProjectIdAsync(string externalId) =>
        _app.WithDbAsync(db => db.Projects.Where(p => p.ExternalId == externalId).Select(p => p.Id).SingleAsync());

    private Task<Guid> TaskIdAsync(string externalId) =>
        _app.WithDbAsync(db => db.Tasks.Where(t => t.ExternalId == externalId).Select(t => t.Id).SingleAsync());

    private Task<Guid> EntryIdAsync(string externalId) =>
        _app.WithDbAsync(db => db.TimeEntries.Where(e => e.ExternalId == externalId).Select(e => e.Id).SingleAsync());

    private Task<bool> EntryExistsAsync(string externalId) =>
        _app.WithDbAsync(db => db.TimeEntries.AnyAsync(e => e.ExternalId == externalId));

    /// <summary>
    /// Every record as the list APIs show it, one line each, led by its external id and naming its owners by external
    /// id, so that two imports of the same data under different prefixes can be compared.
    /// </summary>
    private async Task<List<string>> RecordsAsync()
    {
        var companies = (await ListAsync<CompanyDto>("companies")).ToDictionary(c => c.Id);
        var projects = (await ListAsync<ProjectDto>("projects")).ToDictionary(p => p.Id);
        var tasks = (await ListAsync<TaskDto>("tasks")).ToDictionary(t => t.Id);
        var entries = await ListAsync<TimeEntryDto>("time-entries");
        string Ext(string? externalId) => externalId is { Length: > 2 } id ? id[2..] : "?";
        return
        [
            .. companies.Values.Select(c => $"{c.ExternalId}|{c.Name}|{c.LegalName}|{c.BankName}|{c.ContactEmail}|{c.Currency}|{c.PaymentTermsDays}|{c.Version}"),
            .. projects.Values.Select(p => $"{p.ExternalId}|{Ext(companies[p.CompanyId].ExternalId)}|{p.Name}|{p.Currency}|{p.RoundingMode}|"
                + $"{p.RoundingIncrementMinutes}|{p.BillablePercents.Count}|{p.Version}"),
            .. tasks.Values.Select(t => $"{t.ExternalId}|{Ext(projects[t.ProjectId].ExternalId)}|{Ext(companies[t.CompanyId].ExternalId)}|{t.Title}|"
                + $"{t.WorkType}|{t.Status}|{t.BillablePercent}|{t.Assignee}|{t.CompletedOn}|{t.ExternalKey}|{t.ExternalUrl}|{t.BillingState}|{t.Version}"),
            .. entries.Select(e => $"{e.ExternalId}|{Ext(tasks[e.TaskId].ExternalId)}|{Ext(projects[e.ProjectId].ExternalId)}|"
                + $"{Ext(companies[e.CompanyId].ExternalId)}|{e.Person}|{e.WorkDate}|{e.Minutes}|{e.Comment}|{e.WorkType}|{e.BillablePercent}|{e.Version}"),
        ];
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string resource) =>
        (await TasksApp.ReadAsync<Page<T>>(await _app.Manager.GetAsync($"/api/{resource}?pageSize=500"), HttpStatusCode.OK)).Items;

    // ---- Events ----

    /// <summary>What the service published, without the marker companies of <see cref="SettleAsync"/>.</summary>
    private List<object> ImportEvents() =>
        [.. _app.Bus.All.Select(r => r.Message).Where(m => m is not CompanyChanged c || !_markers.Contains(c.CompanyId))];

    private Task WaitForEventsAsync(int count) =>
        Eventually.Async(() => Task.FromResult(ImportEvents().Count >= count), $"{count} events");

    /// <summary>
    /// A change after the imports marks the end of what they could have published: once its event arrived (and a
    /// moment for the relay's concurrent batch), anything the imports published has arrived too.
    /// </summary>
    private async Task SettleAsync()
    {
        var marker = await _app.CreateCompanyAsync($"Marker {_markers.Count + 1}");
        _markers.Add(marker.Id);
        await _app.Bus.WaitForAsync<CompanyChanged>(c => c.CompanyId == marker.Id);
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    private static void AssertRejected(ImportResult result, string kind, int row, string externalId, string reason)
    {
        var rejected = Assert.Single(result.Rejected, r => r.Kind == kind && r.Row == row);
        Assert.Equal(externalId, rejected.ExternalId);
        Assert.Contains(reason, rejected.Reasons);
    }
}
