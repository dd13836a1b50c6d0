using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Tasks.Import;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Tasks.Tests;

/// <summary>
/// The import's save (<see cref="CopySave"/>): new tasks, entries and outbox rows by binary COPY, written as SaveChanges
/// writes them, in the chunk's transaction; and the import's chunks over it, new and existing rows mixed.
/// </summary>
public sealed class ImportSaveTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private static readonly string[] CopiedTables = ["tasks", "time_entries", "outbox_messages"];

    // ---- The save ----

    [Fact]
    public async Task Copied_rows_hold_every_column_as_SaveChanges_writes_them()
    {
        var byInsert = await MigratedAsync();
        var byCopy = await MigratedAsync();
        var (company, project) = Owners();
        using var activity = new Activity("import").SetIdFormat(ActivityIdFormat.W3C).Start();
        activity.TraceStateString = "vendor=import";
        var rows = NewRows(project, company.Id);

        int inserted, copied;
        await using (var db = Context(byInsert))
        {
            await SaveOwnersAsync(db, company, project);
            rows.AddTo(db);
            inserted = await db.SaveChangesAsync();
        }

        await using (var db = Context(byCopy))
        {
            await SaveOwnersAsync(db, company, project);
            rows.AddTo(db);
            copied = await db.SaveChangesWithCopyAsync(CancellationToken.None);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        }

        Assert.Equal(inserted, copied);
        foreach (var table in CopiedTables)
        {
            var expected = await RowsAsync(byInsert, table);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await RowsAsync(byCopy, table));
        }
    }

    [Fact]
    public async Task A_copied_row_takes_its_version_as_the_original_value_of_the_next_edit()
    {
        var database = await MigratedAsync();
        var (company, project) = Owners();
        var rows = NewRows(project, company.Id);
        await using var db = Context(database);
        await SaveOwnersAsync(db, company, project);
        rows.AddTo(db);
        await db.SaveChangesWithCopyAsync(CancellationToken.None);

        var entry = rows.Entries[0];
        entry.Update(entry.Details with { Minutes = 45 }, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        // Another writer moved the version on: the next edit of the copied row is refused, as after an insert.
        await using (var other = Context(database))
        {
            await other.TimeEntries.Where(e => e.Id == entry.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Version, 9));
        }

        entry.Update(entry.Details with { Minutes = 60 }, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
        await using var check = Context(database);
        var stored = await check.TimeEntries.SingleAsync(e => e.Id == entry.Id);
        Assert.Equal((45, 9L), (stored.Minutes, stored.Version));
    }

    [Fact]
    public async Task A_refused_copy_rolls_back_every_row_of_the_save_and_leaves_them_added()
    {
        var database = await MigratedAsync();
        var (company, project) = Owners();
        var rows = NewRows(project, company.Id, badMinutes: true);
        await using var db = Context(database);
        await SaveOwnersAsync(db, company, project);
        rows.AddTo(db);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesWithCopyAsync(CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.All(rows.All, row => Assert.Equal(EntityState.Added, db.Entry(row).State));
        Assert.Equal(new[] { 0, 0, 0 }, await CountsAsync(database));
    }

    [Fact]
    public async Task A_failure_after_the_copy_rolls_back_the_whole_chunk()
    {
        var database = await MigratedAsync();
        var (company, project) = Owners();
        var rows = NewRows(project, company.Id);
        await using var db = Context(database);
        await SaveOwnersAsync(db, company, project);
        await using (var other = Context(database))
        {
            await other.Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, 7));
        }

        // The chunk's transaction: the copied rows, then a stale project edit that SaveChanges refuses.
        await using var transaction = await db.Database.BeginTransactionAsync();
        rows.AddTo(db);
        project.Update(new ProjectDetails(company.Id, "Website v2", "EUR", RoundingMode.None, 0, []), DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesWithCopyAsync(CancellationToken.None));
        await transaction.RollbackAsync();

        Assert.All(rows.All, row => Assert.Equal(EntityState.Added, db.Entry(row).State));
        Assert.Equal(new[] { 0, 0, 0 }, await CountsAsync(database));
    }

    [Fact]
    public async Task A_copied_external_id_that_exists_fails_as_a_unique_violation_the_import_retries()
    {
        var database = await MigratedAsync();
        var (company, project) = Owners();
        await using (var db = Context(database))
        {
            await SaveOwnersAsync(db, company, project);
            NewRows(project, company.Id).AddTo(db);
            await db.SaveChangesWithCopyAsync(CancellationToken.None);
        }

        await using var again = Context(database);
        NewRows(project, company.Id, taskExternalId: "t-other").AddTo(again);

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesWithCopyAsync(CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task Imported_rows_are_published_at_once_the_commit_wakes_the_relay()
    {
        // The relay would look again only after ten minutes: what it publishes within the test, a commit woke it for.
        await using var app = await TasksApp.StartAsync(servers, settings: new Dictionary<string, string>
        {
            ["Messaging:Outbox:PollInterval"] = "00:10:00",
        });
        await Task.Delay(TimeSpan.FromSeconds(1)); // the relay's first look, at start, is over
        var request = Request(entries: 5);

        var result = await TasksApp.ReadAsync<ImportResult>(await app.Manager.PostAsJsonAsync("/api/import", request, TasksApp.Json), HttpStatusCode.OK);

        Assert.Equal(new ImportCounts(5, 0, 0, 0), result.TimeEntries);
        await Eventually.Async(() => Task.FromResult(app.Bus.Events<TimeEntryRecorded>().Count == 5 && app.Bus.Events<TaskChanged>().Count == 2),
            "the 2 TaskChanged and 5 TimeEntryRecorded events");
        var ids = await app.WithDbAsync(db => db.TimeEntries.Select(e => e.Id).ToListAsync());
        Assert.Equal(ids.Order(), app.Bus.Events<TimeEntryRecorded>().Select(e => e.TimeEntryId).Order());
        await Eventually.Async(async () => await app.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()) == 0, "an empty outbox");
    }

    // ---- The import over it ----

    [Fact]
    public async Task Importing_a_file_again_changes_no_row()
    {
        var database = await MigratedAsync();
        var request = Request(entries: 7);
        await ImportAsync(database, request, chunkSize: 3);
        var before = await SnapshotAsync(database);

        var again = await ImportAsync(database, request, chunkSize: 3);

        Assert.Equal(new ImportCounts(0, 0, 2, 0), again.Tasks);
        Assert.Equal(new ImportCounts(0, 0, 7, 0), again.TimeEntries);
        Assert.Equal(before, await SnapshotAsync(database));
    }

    [Fact]
    public async Task A_chunk_of_new_changed_and_unchanged_rows_saves_each_as_SaveChanges_would()
    {
        var database = await MigratedAsync();
        var first = Request(entries: 3);
        await ImportAsync(database, first, chunkSize: 2);
        var outboxBefore = await CountAsync(database, "outbox_messages");

        // Chunks of two: [e-1 changed, e-2 unchanged], [e-3 moved to the new task, e-4 new], [e-5 new].
        var second = first with
        {
            Tasks = [first.Tasks![0] with { Title = "Landing page v2" }, first.Tasks[1], NewTask("t-3")],
            TimeEntries =
            [
                first.TimeEntries![0] with { Minutes = 120 }, first.TimeEntries[1], first.TimeEntries[2] with { TaskExternalId = "t-3" },
                Entry(4, "t-3"), Entry(5, "t-1"),
            ],
        };
        var result = await ImportAsync(database, second, chunkSize: 2);

        Assert.Equal(new ImportCounts(1, 1, 1, 0), result.Tasks);
        Assert.Equal(new ImportCounts(2, 2, 1, 0), result.TimeEntries);
        await using var db = Context(database);
        var entries = await db.TimeEntries.AsNoTracking().ToDictionaryAsync(e => e.ExternalId!);
        var tasks = await db.Tasks.AsNoTracking().ToDictionaryAsync(t => t.ExternalId!);
        Assert.Equal((120, 2L), (entries["e-1"].Minutes, entries["e-1"].Version));
        Assert.Equal((30, 1L), (entries["e-2"].Minutes, entries["e-2"].Version));
        Assert.Equal((tasks["t-3"].Id, 2L), (entries["e-3"].TaskId, entries["e-3"].Version));
        Assert.Equal((tasks["t-3"].Id, 1L), (entries["e-4"].TaskId, entries["e-4"].Version));
        Assert.Equal((tasks["t-1"].Id, 1L), (entries["e-5"].TaskId, entries["e-5"].Version));
        Assert.Equal(("Landing page v2", 2L, 1L), (tasks["t-1"].Title, tasks["t-1"].Version, tasks["t-2"].Version));
        // Two tasks (t-1 changed, t-3 new) and four entries (e-1, e-3 changed; e-4, e-5 new); no billing state moved.
        var added = await db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).Skip(outboxBefore).ToListAsync();
        Assert.Equal(
            [
                (nameof(TaskChanged), tasks["t-1"].Id, 2L), (nameof(TaskChanged), tasks["t-3"].Id, 1L),
                (nameof(TimeEntryChanged), entries["e-1"].Id, 2L), (nameof(TimeEntryChanged), entries["e-3"].Id, 2L),
                (nameof(TimeEntryRecorded), entries["e-4"].Id, 1L), (nameof(TimeEntryRecorded), entries["e-5"].Id, 1L),
            ],
            added.Select(m => m.Deserialize().Message).Select(Described));
    }

    // ---- Rows ----

    /// <summary>A task with every optional field and one without, an entry with a comment and one without, their events.</summary>
    private sealed record NewRowSet(List<ProjectTask> Tasks, List<TimeEntry> Entries, List<OutboxMessage> Events)
    {
        public IEnumerable<object> All => [.. Tasks, .. Entries, .. Events];

        public void AddTo(TasksDbContext db)
        {
            db.Tasks.AddRange(Tasks);
            db.TimeEntries.AddRange(Entries);
            db.Set<OutboxMessage>().AddRange(Events);
        }
    }

    private static NewRowSet NewRows(Project project, Guid companyId, bool badMinutes = false, string taskExternalId = "t-new")
    {
        // Ticks finer than PostgreSQL's microseconds: both saves must round them alike.
        var now = DateTimeOffset.UtcNow.AddTicks(7);
        var full = ProjectTask.Create(taskExternalId);
        full.Update(new TaskDetails(project.Id, "Landing page, \"v2\"", "Development", "In progress", 50, "ann", Monday.AddDays(5),
            "WEB-1", "https://planner.example/WEB-1"), now);
        full.SetBillingState(BillingState.PartlyPaid, now);
        var bare = ProjectTask.Create(null);
        bare.Update(new TaskDetails(project.Id, "Fix", "Bug fixing", "Open", 0, null, null, null, null), now);
        var commented = TimeEntry.Create("e-new-1");
        commented.Update(new TimeEntryDetails(full.Id, "ann", Monday, 90, "layout, review\nnext line ü"), now);
        var plain = TimeEntry.Create("e-new-2");
        plain.Update(new TimeEntryDetails(bare.Id, "bob", Monday.AddDays(1), badMinutes ? 0 : 30, null), now);
        List<OutboxMessage> events =
        [
            OutboxMessage.From(Events.Changed(full, companyId), now),
            OutboxMessage.From(Events.Changed(bare, companyId), now),
            OutboxMessage.From(Events.Recorded(commented, project.Id, companyId), now),
            OutboxMessage.From(Events.Recorded(plain, project.Id, companyId), now),
        ];
        return new NewRowSet([full, bare], [commented, plain], events);
    }

    private static (Company Company, Project Project) Owners()
    {
        var now = DateTimeOffset.UtcNow;
        var company = Company.Create("c-1");
        company.Update(new CompanyDetails("Acme", null, null, null, null, null, null, null, "EUR", 30), now);
        var project = Project.Create("p-1");
        project.Update(new ProjectDetails(company.Id, "Website", "EUR", RoundingMode.None, 0, []), now);
        return (company, project);
    }

    private static async Task SaveOwnersAsync(TasksDbContext db, Company company, Project project)
    {
        db.Companies.Add(company);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
    }

    private static ImportRequest Request(int entries) => new(
        [new CompanyImport("c-1", "Acme", Currency: "EUR")],
        [new ProjectImport("p-1", "c-1", "Website", "EUR")],
        [NewTask("t-1"), NewTask("t-2")],
        [.. Enumerable.Range(1, entries).Select(i => Entry(i, i % 2 == 1 ? "t-1" : "t-2"))]);

    private static TaskImport NewTask(string externalId) => new(externalId, "p-1", $"Task {externalId}", "Development");

    private static TimeEntryImport Entry(int i, string task) =>
        new($"e-{i}", task, "ann", Monday.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i == 2 ? 30 : 15 * i, i % 3 == 0 ? null : $"work {i}, \"part\"");

    private static (string Kind, Guid Id, long Version) Described(object message) => message switch
    {
        TaskChanged t => (nameof(TaskChanged), t.TaskId, t.Version),
        TimeEntryChanged e => (nameof(TimeEntryChanged), e.TimeEntryId, e.Version),
        TimeEntryRecorded e => (nameof(TimeEntryRecorded), e.TimeEntryId, e.Version),
        _ => (message.GetType().Name, Guid.Empty, 0),
    };

    // ---- Databases ----

    private async Task<string> MigratedAsync()
    {
        var database = await servers.CreateDatabaseAsync("copy");
        await using var db = Context(database);
        await db.Database.MigrateAsync();
        return database;
    }

    private static TasksDbContext Context(string database) =>
        new(new DbContextOptionsBuilder<TasksDbContext>().UseNpgsql(database).Options);

    private static async Task<ImportResult> ImportAsync(string database, ImportRequest request, int chunkSize)
    {
        var body = PipeReader.Create(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(request, ImportReader.JsonOptions)));
        var data = await ImportReader.ReadJsonAsync(body, CancellationToken.None);
        await using var db = Context(database);
        return await new Importer(db, TimeProvider.System, new ImportOptions { ChunkSize = chunkSize }).ImportAsync(data, CancellationToken.None);
    }

    /// <summary>Every row of the table, every column, as PostgreSQL shows it, in a stable order.</summary>
    private static async Task<List<string>> RowsAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static async Task<List<string>> SnapshotAsync(string database)
    {
        var rows = new List<string>();
        foreach (var table in CopiedTables)
        {
            rows.AddRange(await RowsAsync(database, table));
        }

        return rows;
    }

    private static async Task<int> CountAsync(string database, string table) => (await RowsAsync(database, table)).Count;

    private static async Task<int[]> CountsAsync(string database) =>
        [await CountAsync(database, "tasks"), await CountAsync(database, "time_entries"), await CountAsync(database, "outbox_messages")];
}
