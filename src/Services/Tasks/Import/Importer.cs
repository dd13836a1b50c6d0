using Clearhours.Messaging;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Consumers;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Tasks.Import;

public sealed class ImportOptions
{
    /// <summary>Rows of one kind written by one SaveChanges, and so in one transaction.</summary>
    public int ChunkSize { get; init; } = 2000;

    /// <summary>Attempts of a chunk that lost a race with another writer (a concurrent edit or the same new external id).</summary>
    public int MaxAttempts { get; init; } = 3;
}

/// <summary>
/// Upserts companies, projects, tasks and time entries by external id, in that order, so that a row can name a
/// record of the file or of the database. Each kind goes in chunks: one query loads the chunk's existing records by
/// external id, another resolves the references the file does not hold, and one SaveChanges writes the chunk's
/// changes with their outbox events.
/// </summary>
/// <remarks>
/// <para>
/// A row is all-or-nothing: it is checked completely (its fields, its references, the locks of billed time) before
/// its record is touched, and the record's change and its event are added to the same SaveChanges. A chunk is one
/// transaction, which is enough: no row spans two chunks, so a failed chunk rolls back whole rows only, and it is then
/// replayed against the database as it is (a concurrent edit or a concurrent insert of the same external id), or the
/// import stops with the chunks before it committed. Importing the same file again then finishes the work, because
/// an import is idempotent: a record whose <c>Update</c> reports no change keeps its version and publishes nothing.
/// </para>
/// <para>
/// The context should be the importer's own: its change tracker is cleared after every chunk, which keeps the
/// change detection of a chunk proportional to the chunk, not to the file.
/// </para>
/// </remarks>
public sealed class Importer(TasksDbContext db, TimeProvider time, ImportOptions? options = null, ILogger? logger = null)
{
    private readonly TasksDbContext _db = db;
    private readonly TimeProvider _time = time;
    private readonly ImportOptions _options = options ?? new ImportOptions();
    private readonly ILogger? _logger = logger;

    public async Task<ImportResult> ImportAsync(ImportData data, CancellationToken cancellationToken)
    {
        var autoDetect = _db.ChangeTracker.AutoDetectChangesEnabled;
        // Every Add would otherwise scan all tracked entities for changes; changes are detected once, before each save.
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var run = new Run(this, data, await Catalog.LoadAsync(_db, cancellationToken));
            await run.CompaniesAsync(cancellationToken);
            await run.ProjectsAsync(cancellationToken);
            await run.TasksAsync(cancellationToken);
            await run.TimeEntriesAsync(cancellationToken);
            return run.Result();
        }
        finally
        {
            _db.ChangeTracker.Clear();
            _db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Runs one chunk and saves it with one SaveChanges (one transaction). What the chunk found out (counts, rejected
    /// rows, the ids of its records) is kept only once it committed; a chunk that lost a race is run again from the
    /// database.
    /// </summary>
    private async Task SaveChunkAsync(Func<ChunkOutcome, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = new ChunkOutcome();
            try
            {
                await work(outcome, cancellationToken);
                _db.ChangeTracker.DetectChanges();
                if (_db.ChangeTracker.HasChanges())
                {
                    await _db.SaveChangesAsync(cancellationToken);
                }

                outcome.Commit();
                return;
            }
            catch (DbUpdateException race) when (attempt < _options.MaxAttempts && IsRace(race))
            {
                _logger?.LogInformation("An import chunk met a concurrent change ({Error}); attempt {Attempt} again.", race.InnerException?.Message ?? race.Message, attempt + 1);
            }
            finally
            {
                _db.ChangeTracker.Clear();
            }
        }
    }

    private static bool IsRace(DbUpdateException error) =>
        error is DbUpdateConcurrencyException
        || error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        };

    private sealed class ChunkOutcome
    {
        private readonly List<Action> _onCommit = [];

        public void Then(Action action) => _onCommit.Add(action);

        public void Commit() => _onCommit.ForEach(a => a());
    }

    private sealed class Tally(string kind)
    {
        public string Kind { get; } = kind;
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public List<RejectedRow> Rejected { get; } = [];

        public ImportCounts Counts => new(Created, Updated, Unchanged, Rejected.Count);

        public void Count(bool created, bool changed)
        {
            if (created)
            {
                Created++;
            }
            else if (changed)
            {
                Updated++;
            }
            else
            {
                Unchanged++;
            }
        }
    }

    private sealed record CompanyRef(Guid Id, string Currency);

    private sealed record ProjectRef(Guid Id, Guid CompanyId, IReadOnlyList<ProjectBillablePercent> Percents)
    {
        // As Project.BillablePercentFor.
        public int? PercentFor(string workType) =>
            Percents.FirstOrDefault(p => string.Equals(p.WorkType, workType, StringComparison.OrdinalIgnoreCase))?.Percent;
    }

    private sealed record TaskRef(Guid Id, Guid ProjectId, Guid CompanyId);

    private sealed record Candidate<T>(int Row, string ExternalId, T Data);

    /// <summary>The records rows may name, by external id: imported or found, rejected in the file, or known to be missing.</summary>
    private sealed class Refs<T>(string kind, ImportData data) where T : class
    {
        public Dictionary<string, T> Known { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Rejected { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Missing { get; } = new(StringComparer.Ordinal);

        /// <summary>The names of a chunk that neither the file nor an earlier look-up settled.</summary>
        public List<string> Unsettled(IEnumerable<string?> ids) =>
            [.. ids.OfType<string>().Where(id => !Known.ContainsKey(id) && !Rejected.ContainsKey(id) && !Missing.Contains(id)).Distinct()];

        public void Found(IReadOnlyCollection<string> looked, IEnumerable<(string ExternalId, T Ref)> found)
        {
            foreach (var (externalId, reference) in found)
            {
                Known[externalId] = reference;
            }

            Missing.UnionWith(looked.Where(id => !Known.ContainsKey(id)));
        }

        public T? Resolve(string? externalId, string field, Reasons reasons)
        {
            if (externalId is null)
            {
                return null;
            }

            if (Rejected.TryGetValue(externalId, out var row))
            {
                reasons.Add(field, $"{KindName(kind)} {ImportChecks.Quote(externalId)} was rejected ({data.RowWord} {row}).");
                return null;
            }

            if (Known.TryGetValue(externalId, out var known))
            {
                return known;
            }

            reasons.Add(field, $"no {KindName(kind)} {ImportChecks.Quote(externalId)} in the file or the database.");
            return null;
        }
    }

    private static string KindName(string kind) => kind == ImportKinds.TimeEntry ? "time entry" : kind;

    private sealed class Run(Importer importer, ImportData data, Catalog catalog)
    {
        private readonly TasksDbContext _db = importer._db;
        private readonly Tally _companies = new(ImportKinds.Company);
        private readonly Tally _projects = new(ImportKinds.Project);
        private readonly Tally _tasks = new(ImportKinds.Task);
        private readonly Tally _entries = new(ImportKinds.TimeEntry);
        private readonly Refs<CompanyRef> _companyRefs = new(ImportKinds.Company, data);
        private readonly Refs<ProjectRef> _projectRefs = new(ImportKinds.Project, data);
        private readonly Refs<TaskRef> _taskRefs = new(ImportKinds.Task, data);
        private readonly ImportData _input = data;
        private ImportData _data = data;
        private bool _merged;

        private int ChunkSize => Math.Max(1, importer._options.ChunkSize);

        private bool Partial => _data.Partial;

        public ImportResult Result() => new(
            _companies.Counts, _projects.Counts, _tasks.Counts, _entries.Counts,
            [.. new[] { _companies, _projects, _tasks, _entries }.SelectMany(t => t.Rejected.OrderBy(r => r.Row))]);

        private Reasons NewReasons(string kind) => new(kind, _data.FieldName);

        // ---- Companies ----

        public async Task CompaniesAsync(CancellationToken cancellationToken)
        {
            MergeLines();
            var candidates = Prepare(_data.Companies, _companies, _companyRefs, c => c.ExternalId, ImportChecks.Company);
            foreach (var chunk in candidates.Chunk(ChunkSize))
            {
                await importer.SaveChunkAsync(async (outcome, ct) =>
                {
                    var ids = chunk.Select(c => c.ExternalId).ToList();
                    var existing = await _db.Companies.Where(c => ids.Contains(c.ExternalId!))
                        .ToDictionaryAsync(c => c.ExternalId!, StringComparer.Ordinal, ct);
                    var now = importer._time.GetUtcNow();
                    foreach (var row in chunk)
                    {
                        var company = existing.GetValueOrDefault(row.ExternalId);
                        var reasons = NewReasons(ImportKinds.Company);
                        var details = CompanyDetails(row.Data, company, reasons);
                        if (details is null)
                        {
                            Reject(outcome, _companies, _companyRefs, row, reasons);
                            continue;
                        }

                        var created = company is null;
                        company ??= Company.Create(row.ExternalId);
                        var changed = company.Update(details, now);
                        if (changed)
                        {
                            if (created)
                            {
                                _db.Companies.Add(company);
                            }

                            _db.AddEvent(Events.Changed(company));
                        }

                        var reference = new CompanyRef(company.Id, company.Currency);
                        outcome.Then(() =>
                        {
                            _companies.Count(created, changed);
                            _companyRefs.Known[row.ExternalId] = reference;
                        });
                    }
                }, cancellationToken);
            }
        }

        private CompanyDetails? CompanyDetails(CompanyImport c, Company? current, Reasons reasons)
        {
            var name = Text(c.Name, current?.Name);
            var currency = Text(c.Currency, current?.Currency);
            Require(reasons, "name", name, current, "company");
            Require(reasons, "currency", currency, current, "company");
            return reasons.Any ? null : new CompanyDetails(
                name!,
                Text(c.LegalName, current?.LegalName),
                Text(c.TaxId, current?.TaxId),
                Text(c.Address, current?.Address),
                Text(c.BankName, current?.BankName),
                Text(c.BankAccount, current?.BankAccount),
                Text(c.BankBic, current?.BankBic),
                Text(c.ContactEmail, current?.ContactEmail),
                currency!,
                c.PaymentTermsDays ?? (Partial ? current?.PaymentTermsDays ?? 0 : 0));
        }

        // ---- Projects ----

        public async Task ProjectsAsync(CancellationToken cancellationToken)
        {
            var candidates = Prepare(_data.Projects, _projects, _projectRefs, p => p.ExternalId,
                (p, reasons) => ImportChecks.Project(p, catalog, reasons));
            foreach (var chunk in candidates.Chunk(ChunkSize))
            {
                await importer.SaveChunkAsync(async (outcome, ct) =>
                {
                    await LookUpCompaniesAsync(chunk.Select(p => ApiSupport.Clean(p.Data.CompanyExternalId)), ct);
                    var ids = chunk.Select(p => p.ExternalId).ToList();
                    var existing = await _db.Projects.Where(p => ids.Contains(p.ExternalId!))
                        .ToDictionaryAsync(p => p.ExternalId!, StringComparer.Ordinal, ct);

                    var planned = new List<(Candidate<ProjectImport> Row, Project? Project, ProjectDetails? Details, Reasons Reasons)>();
                    foreach (var row in chunk)
                    {
                        var project = existing.GetValueOrDefault(row.ExternalId);
                        var reasons = NewReasons(ImportKinds.Project);
                        var company = _companyRefs.Resolve(ApiSupport.Clean(row.Data.CompanyExternalId), "companyExternalId", reasons);
                        var details = company is null ? null : ProjectDetails(row.Data, project, company, reasons);
                        planned.Add((row, project, details, reasons));
                    }

                    // As the API: a project whose time is billed stays with its company and its currency.
                    var moving = planned.Where(p => p.Details is not null && p.Project is not null && p.Project.MovesBilledTerms(p.Details))
                        .Select(p => p.Project!.Id).ToList();
                    var billed = moving.Count == 0 ? [] : await (
                            from entry in _db.TimeEntries
                            join task in _db.Tasks on entry.TaskId equals task.Id
                            where moving.Contains(task.ProjectId) && entry.ReportId != null
                            group entry.ReportNumber by task.ProjectId into g
                            select new { ProjectId = g.Key, Report = g.Min() })
                        .ToDictionaryAsync(x => x.ProjectId, x => x.Report, ct);

                    var now = importer._time.GetUtcNow();
                    var moved = new List<Project>();
                    foreach (var (row, current, details, reasons) in planned)
                    {
                        if (current is not null && details is not null
                            && current.WhyRefused(details, billed.GetValueOrDefault(current.Id)) is { } why)
                        {
                            reasons.Add(details.CompanyId != current.CompanyId ? "companyExternalId" : "currency", $"{why}.");
                        }

                        if (details is null || reasons.Any)
                        {
                            Reject(outcome, _projects, _projectRefs, row, reasons);
                            continue;
                        }

                        var created = current is null;
                        var project = current ?? Project.Create(row.ExternalId);
                        var from = project.CompanyId;
                        var changed = project.Update(details, now);
                        if (changed)
                        {
                            if (created)
                            {
                                _db.Projects.Add(project);
                            }

                            _db.AddEvent(Events.Changed(project));
                            if (!created && from != project.CompanyId)
                            {
                                moved.Add(project);
                            }
                        }

                        var reference = new ProjectRef(project.Id, project.CompanyId, [.. project.BillablePercents]);
                        outcome.Then(() =>
                        {
                            _projects.Count(created, changed);
                            _projectRefs.Known[row.ExternalId] = reference;
                        });
                    }

                    await ProjectMoves.RepublishContentsAsync(_db, moved, now, ct);
                }, cancellationToken);
            }
        }

        private ProjectDetails? ProjectDetails(ProjectImport p, Project? current, CompanyRef company, Reasons reasons)
        {
            var name = Text(p.Name, current?.Name);
            // A CSV line carries no project currency when the project bills in its company's.
            var currency = Text(p.Currency, current?.Currency) ?? (Partial && current is null ? company.Currency : null);
            Require(reasons, "name", name, current, "project");
            Require(reasons, "currency", currency, current, "project");
            var mode = ApiSupport.Clean(p.RoundingMode) is { } given
                ? ImportChecks.ParseRoundingMode(given)!.Value
                : Partial ? current?.RoundingMode ?? RoundingMode.None : RoundingMode.None;
            var increment = p.RoundingIncrementMinutes ?? (Partial ? current?.RoundingIncrementMinutes ?? 0 : 0);
            if (mode != RoundingMode.None && !Project.RoundingIncrements.Contains(increment))
            {
                reasons.Add("roundingIncrementMinutes", "rounding goes to 5, 6, 10, 15 or 30 minutes.");
            }

            IReadOnlyList<(string WorkType, int Percent)> percents = p.BillablePercents is { } list
                ? [.. list.Select(x => (catalog.WorkType(ApiSupport.Clean(x.WorkType))!.Name, x.Percent!.Value))]
                : Partial && current is not null ? [.. current.BillablePercents.Select(x => (x.WorkType, x.Percent))] : [];
            return reasons.Any ? null : new ProjectDetails(company.Id, name!, currency!, mode,
                mode == RoundingMode.None ? 0 : increment, percents);
        }

        // ---- Tasks ----

        public async Task TasksAsync(CancellationToken cancellationToken)
        {
            var candidates = Prepare(_data.Tasks, _tasks, _taskRefs, t => t.ExternalId,
                (t, reasons) => ImportChecks.Task(t, catalog, reasons));
            foreach (var chunk in candidates.Chunk(ChunkSize))
            {
                await importer.SaveChunkAsync(async (outcome, ct) =>
                {
                    await LookUpProjectsAsync(chunk.Select(t => ApiSupport.Clean(t.Data.ProjectExternalId)), ct);
                    var ids = chunk.Select(t => t.ExternalId).ToList();
                    var existing = await _db.Tasks.Where(t => ids.Contains(t.ExternalId!))
                        .ToDictionaryAsync(t => t.ExternalId!, StringComparer.Ordinal, ct);

                    var planned = new List<(Candidate<TaskImport> Row, ProjectTask? Task, ProjectRef? Project, TaskDetails? Details, Reasons Reasons)>();
                    foreach (var row in chunk)
                    {
                        var task = existing.GetValueOrDefault(row.ExternalId);
                        var reasons = NewReasons(ImportKinds.Task);
                        var project = _projectRefs.Resolve(ApiSupport.Clean(row.Data.ProjectExternalId), "projectExternalId", reasons);
                        var details = project is null ? null : TaskDetails(row.Data, task, project, reasons);
                        planned.Add((row, task, project, details, reasons));
                    }

                    // As the API: a task whose time is billed stays in its project; a task that moves re-announces its entries.
                    var moving = planned.Where(p => p.Details is not null && p.Task is not null && p.Task.ProjectId != p.Details.ProjectId)
                        .Select(p => p.Task!.Id).ToList();
                    var billed = moving.Count == 0 ? [] : await _db.TimeEntries
                        .Where(e => moving.Contains(e.TaskId) && e.ReportId != null)
                        .GroupBy(e => e.TaskId)
                        .Select(g => new { TaskId = g.Key, Report = g.Min(e => e.ReportNumber) })
                        .ToDictionaryAsync(x => x.TaskId, x => x.Report, ct);

                    var now = importer._time.GetUtcNow();
                    var moved = new Dictionary<Guid, TaskRef>();
                    foreach (var (row, current, project, details, reasons) in planned)
                    {
                        if (current is not null && billed.TryGetValue(current.Id, out var report))
                        {
                            reasons.Add("projectExternalId", $"the task's time is billed in report {report}; it cannot move to another project.");
                        }

                        if (details is null || reasons.Any)
                        {
                            Reject(outcome, _tasks, _taskRefs, row, reasons);
                            continue;
                        }

                        var created = current is null;
                        var task = current ?? ProjectTask.Create(row.ExternalId);
                        var from = task.ProjectId;
                        var changed = task.Update(details, now);
                        var reference = new TaskRef(task.Id, task.ProjectId, project!.CompanyId);
                        if (changed)
                        {
                            if (created)
                            {
                                _db.Tasks.Add(task);
                            }

                            _db.AddEvent(Events.Changed(task, project.CompanyId));
                            if (!created && from != task.ProjectId)
                            {
                                moved[task.Id] = reference;
                            }
                        }

                        outcome.Then(() =>
                        {
                            _tasks.Count(created, changed);
                            _taskRefs.Known[row.ExternalId] = reference;
                        });
                    }

                    if (moved.Count > 0)
                    {
                        var movedIds = moved.Keys.ToList();
                        foreach (var entry in await _db.TimeEntries.Where(e => movedIds.Contains(e.TaskId)).ToListAsync(ct))
                        {
                            var owner = moved[entry.TaskId];
                            entry.MovedWithTask(now);
                            _db.AddEvent(Events.Changed(entry, owner.ProjectId, owner.CompanyId));
                        }
                    }
                }, cancellationToken);
            }
        }

        /// <summary>The billable percent as the API sets it: given, else kept for the same work type, else the project's, else the type's.</summary>
        private TaskDetails? TaskDetails(TaskImport t, ProjectTask? current, ProjectRef project, Reasons reasons)
        {
            var title = Text(t.Title, current?.Title);
            Require(reasons, "title", title, current, "task");
            var workType = ApiSupport.Clean(t.WorkType) is { } named ? catalog.WorkType(named) : Partial ? catalog.WorkType(current?.WorkType) : null;
            if (workType is null)
            {
                Require(reasons, "workType", null, current, "task");
            }

            var status = catalog.Status(ApiSupport.Clean(t.Status) ?? current?.Status ?? WorkflowStatus.Defaults[0].Name);
            if (status is null)
            {
                reasons.Add("status", "the default status is not in the catalog.");
            }

            if (reasons.Any)
            {
                return null;
            }

            var percent = t.BillablePercent
                ?? (current is not null && current.WorkType == workType!.Name ? current.BillablePercent : (int?)null)
                ?? project.PercentFor(workType!.Name)
                ?? workType!.DefaultBillablePercent;
            var completedOn = ApiSupport.Clean(t.CompletedOn) is { } date ? ImportChecks.ParseDate(date)
                : Partial && t.CompletedOn is null ? current?.CompletedOn : null;
            return new TaskDetails(project.Id, title!, workType!.Name, status!, percent, Text(t.Assignee, current?.Assignee),
                completedOn, Text(t.ExternalKey, current?.ExternalKey), Text(t.ExternalUrl, current?.ExternalUrl));
        }

        // ---- Time entries ----

        public async Task TimeEntriesAsync(CancellationToken cancellationToken)
        {
            var today = TimeEntry.Today(importer._time);
            var candidates = Prepare<TimeEntryImport, TaskRef>(_data.TimeEntries, _entries, null, e => e.ExternalId,
                (e, reasons) => ImportChecks.TimeEntry(e, today, reasons));
            foreach (var chunk in candidates.Chunk(ChunkSize))
            {
                await importer.SaveChunkAsync(async (outcome, ct) =>
                {
                    await LookUpTasksAsync(chunk.Select(e => ApiSupport.Clean(e.Data.TaskExternalId)), ct);
                    var ids = chunk.Select(e => e.ExternalId).ToList();
                    var existing = await _db.TimeEntries.Where(e => ids.Contains(e.ExternalId!))
                        .ToDictionaryAsync(e => e.ExternalId!, StringComparer.Ordinal, ct);
                    var now = importer._time.GetUtcNow();
                    var placed = new Dictionary<Guid, (Guid? From, Guid To)>();
                    foreach (var row in chunk)
                    {
                        var current = existing.GetValueOrDefault(row.ExternalId);
                        var reasons = NewReasons(ImportKinds.TimeEntry);
                        var task = _taskRefs.Resolve(ApiSupport.Clean(row.Data.TaskExternalId), "taskExternalId", reasons);
                        if (task is null)
                        {
                            Reject<TimeEntryImport, TaskRef>(outcome, _entries, null, row, reasons);
                            continue;
                        }

                        var e = row.Data;
                        var comment = Partial && e.Comment is null ? current?.Comment : ApiSupport.Clean(e.Comment);
                        var details = new TimeEntryDetails(task.Id, ApiSupport.Clean(e.Person)!, ImportChecks.ParseDate(e.WorkDate)!.Value,
                            e.Minutes!.Value, comment);
                        var created = current is null;
                        var entry = current ?? TimeEntry.Create(row.ExternalId);
                        var from = current?.TaskId;
                        bool changed;
                        try
                        {
                            changed = entry.Update(details, now);
                        }
                        catch (EntryLockedException)
                        {
                            // Update refuses before it changes anything: the row is rejected, the entry untouched.
                            reasons.Add($"the time entry cannot change: {entry.WhyLocked}.");
                            Reject<TimeEntryImport, TaskRef>(outcome, _entries, null, row, reasons);
                            continue;
                        }

                        if (changed)
                        {
                            if (created)
                            {
                                _db.TimeEntries.Add(entry);
                            }

                            _db.AddEvent(created
                                ? Events.Recorded(entry, task.ProjectId, task.CompanyId)
                                : Events.Changed(entry, task.ProjectId, task.CompanyId));
                            if (from != entry.TaskId)
                            {
                                placed[entry.Id] = (from, entry.TaskId);
                            }
                        }

                        outcome.Then(() => _entries.Count(created, changed));
                    }

                    await RefreshBillingStatesAsync(placed, now, ct);
                }, cancellationToken);
            }
        }

        /// <summary>
        /// A task's billing state follows its entries, as with the time entry endpoints: new unbilled time turns a paid
        /// task partly paid, and time moved away can settle the task it left. Only entries the chunk created or moved can
        /// change a state, so a file that changes nothing does no more work.
        /// </summary>
        private Task RefreshBillingStatesAsync(
            IReadOnlyDictionary<Guid, (Guid? From, Guid To)> placed, DateTimeOffset now, CancellationToken cancellationToken) =>
            placed.Count == 0
                ? Task.CompletedTask
                : BillingStates.RefreshAsync(
                    _db, placed.Values.SelectMany(p => p.From is { } from ? [from, p.To] : new[] { p.To }), now, cancellationToken);

        // ---- References ----

        private async Task LookUpCompaniesAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
        {
            var ids = _companyRefs.Unsettled(externalIds);
            if (ids.Count == 0)
            {
                return;
            }

            var found = await _db.Companies.AsNoTracking().Where(c => ids.Contains(c.ExternalId!))
                .Select(c => new { c.ExternalId, c.Id, c.Currency }).ToListAsync(cancellationToken);
            _companyRefs.Found(ids, found.Select(c => (c.ExternalId!, new CompanyRef(c.Id, c.Currency))));
        }

        private async Task LookUpProjectsAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
        {
            var ids = _projectRefs.Unsettled(externalIds);
            if (ids.Count == 0)
            {
                return;
            }

            var found = await _db.Projects.AsNoTracking().Where(p => ids.Contains(p.ExternalId!)).ToListAsync(cancellationToken);
            _projectRefs.Found(ids, found.Select(p => (p.ExternalId!, new ProjectRef(p.Id, p.CompanyId, [.. p.BillablePercents]))));
        }

        private async Task LookUpTasksAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
        {
            var ids = _taskRefs.Unsettled(externalIds);
            if (ids.Count == 0)
            {
                return;
            }

            var found = await (from task in _db.Tasks.AsNoTracking()
                               join project in _db.Projects on task.ProjectId equals project.Id
                               where ids.Contains(task.ExternalId!)
                               select new { task.ExternalId, task.Id, task.ProjectId, project.CompanyId }).ToListAsync(cancellationToken);
            _taskRefs.Found(ids, found.Select(t => (t.ExternalId!, new TaskRef(t.Id, t.ProjectId, t.CompanyId))));
        }

        // ---- Rows ----

        /// <summary>
        /// The rows of a kind whose own fields are right and whose external id is theirs alone; the others are rejected
        /// here, and so are rows that name them. An external id used by several rows rejects them all: which one the
        /// file meant is not ours to guess.
        /// </summary>
        private List<Candidate<T>> Prepare<T, TRef>(
            IReadOnlyList<ImportRow<T>> rows, Tally tally, Refs<TRef>? refs, Func<T, string?> externalIdOf, Action<T, Reasons> check)
            where TRef : class
        {
            var shared = rows.GroupBy(r => ApiSupport.Clean(externalIdOf(r.Data)) ?? "", StringComparer.Ordinal)
                .Where(g => g.Key.Length > 0 && g.Skip(1).Any())
                .ToDictionary(g => g.Key, g => Rows(_data.RowWord, g.Select(r => r.Row)), StringComparer.Ordinal);
            var candidates = new List<Candidate<T>>(rows.Count);
            foreach (var row in rows)
            {
                var reasons = NewReasons(tally.Kind);
                var externalId = ImportChecks.ExternalId(reasons, externalIdOf(row.Data));
                if (externalId is not null && shared.TryGetValue(externalId, out var others))
                {
                    reasons.Add("externalId", $"{ImportChecks.Quote(externalId)} is used by {others}; none of them was imported.");
                }

                check(row.Data, reasons);
                if (reasons.Any)
                {
                    tally.Rejected.Add(new RejectedRow(tally.Kind, row.Row, externalId ?? Shortened(externalIdOf(row.Data)), reasons.List));
                    if (externalId is not null)
                    {
                        refs?.Rejected.TryAdd(externalId, row.Row);
                    }
                }
                else
                {
                    candidates.Add(new Candidate<T>(row.Row, externalId!, row.Data));
                }
            }

            return candidates;
        }

        private static void Reject<T, TRef>(ChunkOutcome outcome, Tally tally, Refs<TRef>? refs, Candidate<T> row, Reasons reasons)
            where TRef : class =>
            outcome.Then(() =>
            {
                tally.Rejected.Add(new RejectedRow(tally.Kind, row.Row, row.ExternalId, reasons.List));
                refs?.Rejected.TryAdd(row.ExternalId, row.Row);
            });

        /// <summary>An external id too long to be one, as the answer shows it.</summary>
        private static string? Shortened(string? externalId) =>
            ApiSupport.Clean(externalId) is { Length: > ImportChecks.ExternalIdLength } id ? id[..ImportChecks.ExternalIdLength] + "…" : ApiSupport.Clean(externalId);

        /// <summary>"rows 3, 9": at most ten of them, so that a file of one id repeated cannot make the answer explode.</summary>
        private static string Rows(string word, IEnumerable<int> rows)
        {
            var all = rows.ToList();
            var shown = string.Join(", ", all.Take(10));
            return all.Count > 10 ? $"{word}s {shown} and {all.Count - 10} more" : $"{word}s {shown}";
        }

        /// <summary>A text field: given (an empty one clears), or in a partial row left out and kept.</summary>
        private string? Text(string? given, string? current) => Partial && given is null ? current : ApiSupport.Clean(given);

        private void Require(Reasons reasons, string field, string? value, object? current, string what)
        {
            if (value is null)
            {
                reasons.Add(field, Partial && current is null ? $"required to create the {what}, which does not exist yet." : "required.");
            }
        }

        // ---- CSV ----

        /// <summary>
        /// Turns CSV lines into rows of each kind. A line is all-or-nothing too: a line that is wrong in itself, or whose
        /// company, project or task values contradict an earlier line, is rejected before it contributes anything.
        /// Values of one record given on several lines combine; the record's row is the first line that names it.
        /// </summary>
        private void MergeLines()
        {
            if (_merged || _input.Lines.Count == 0)
            {
                return;
            }

            _merged = true;
            var shared = _input.Lines.GroupBy(l => ApiSupport.Clean(l.Entry.ExternalId) ?? "", StringComparer.Ordinal)
                .Where(g => g.Key.Length > 0 && g.Skip(1).Any())
                .ToDictionary(g => g.Key, g => Rows("line", g.Select(l => l.Line)), StringComparer.Ordinal);
            var companies = new Dictionary<string, ImportRow<CompanyImport>>(StringComparer.Ordinal);
            var projects = new Dictionary<string, ImportRow<ProjectImport>>(StringComparer.Ordinal);
            var tasks = new Dictionary<string, ImportRow<TaskImport>>(StringComparer.Ordinal);
            var entries = new List<ImportRow<TimeEntryImport>>(_input.Lines.Count);
            foreach (var line in _input.Lines)
            {
                var reasons = new Reasons(ImportKinds.TimeEntry, _input.FieldName);
                if (line.Malformed)
                {
                    _entries.Rejected.Add(new RejectedRow(ImportKinds.TimeEntry, line.Line, null, line.Errors));
                    continue;
                }

                var externalId = ImportChecks.ExternalId(reasons, line.Entry.ExternalId);
                if (externalId is not null && shared.TryGetValue(externalId, out var others))
                {
                    reasons.Add("externalId", $"{ImportChecks.Quote(externalId)} is used by {others}; none of them was imported.");
                }

                ImportChecks.TimeEntry(line.Entry, TimeEntry.Today(importer._time), reasons);
                ImportChecks.ExternalId(reasons.As(ImportKinds.Company), line.Company.ExternalId);
                ImportChecks.ExternalId(reasons.As(ImportKinds.Project), line.Project.ExternalId);
                ImportChecks.ExternalId(reasons.As(ImportKinds.Task), line.Task.ExternalId);
                ImportChecks.Company(line.Company, reasons.As(ImportKinds.Company));
                ImportChecks.Project(line.Project, catalog, reasons.As(ImportKinds.Project));
                ImportChecks.Task(line.Task, catalog, reasons.As(ImportKinds.Task));
                var company = reasons.Any || line.Errors.Count > 0 ? null : Merge(companies, line.Line, line.Company, c => c.ExternalId!, CsvMerge.Company, reasons);
                var project = reasons.Any || line.Errors.Count > 0 ? null : Merge(projects, line.Line, line.Project, p => p.ExternalId!, CsvMerge.Project, reasons);
                var task = reasons.Any || line.Errors.Count > 0 ? null : Merge(tasks, line.Line, line.Task, t => t.ExternalId!, CsvMerge.Task, reasons);
                if (reasons.Any || line.Errors.Count > 0)
                {
                    // A cell that could not be read is also empty to the checks: say only that it could not be read.
                    var unreadable = line.Errors.Select(e => e[..(e.IndexOf(':') + 1)]).ToList();
                    var said = line.Errors.Concat(reasons.List.Where(r => !unreadable.Any(u => r.StartsWith(u, StringComparison.Ordinal))));
                    _entries.Rejected.Add(new RejectedRow(ImportKinds.TimeEntry, line.Line, externalId ?? Shortened(line.Entry.ExternalId),
                        [.. said.Distinct()]));
                    continue;
                }

                companies[company!.Data.ExternalId!] = company;
                projects[project!.Data.ExternalId!] = project;
                tasks[task!.Data.ExternalId!] = task;
                entries.Add(new ImportRow<TimeEntryImport>(line.Line, line.Entry));
            }

            _data = new ImportData
            {
                Companies = [.. companies.Values.OrderBy(r => r.Row)],
                Projects = [.. projects.Values.OrderBy(r => r.Row)],
                Tasks = [.. tasks.Values.OrderBy(r => r.Row)],
                TimeEntries = entries,
                Partial = true,
                FieldName = _input.FieldName,
                RowWord = _input.RowWord,
            };
        }

        private ImportRow<T>? Merge<T>(
            Dictionary<string, ImportRow<T>> records, int line, T given, Func<T, string> key, Func<T, T, Action<string, string>, T> merge, Reasons reasons)
        {
            if (!records.TryGetValue(key(given), out var earlier))
            {
                return new ImportRow<T>(line, given);
            }

            var conflicts = new List<string>();
            var merged = merge(earlier.Data, given, (field, message) => conflicts.Add($"{_input.FieldName(KindOf<T>(), field)}: {message}"));
            reasons.AddRange(conflicts.Select(c => $"{c} (the {KindOf<T>()} first appears on line {earlier.Row})"));
            return conflicts.Count > 0 ? null : earlier with { Data = merged };
        }

        private static string KindOf<T>() =>
            typeof(T) == typeof(CompanyImport) ? ImportKinds.Company
            : typeof(T) == typeof(ProjectImport) ? ImportKinds.Project
            : ImportKinds.Task;
    }
}

/// <summary>How the values of one record given on several CSV lines combine: an empty cell defers to the others, two values must agree.</summary>
internal static class CsvMerge
{
    public static CompanyImport Company(CompanyImport earlier, CompanyImport given, Action<string, string> conflict) => earlier with
    {
        Name = Pick(earlier.Name, given.Name, "name", conflict),
        Currency = Pick(earlier.Currency, given.Currency, "currency", conflict),
    };

    public static ProjectImport Project(ProjectImport earlier, ProjectImport given, Action<string, string> conflict)
    {
        Same(earlier.CompanyExternalId, given.CompanyExternalId, "companyExternalId", conflict);
        return earlier with
        {
            Name = Pick(earlier.Name, given.Name, "name", conflict),
            Currency = Pick(earlier.Currency, given.Currency, "currency", conflict),
        };
    }

    public static TaskImport Task(TaskImport earlier, TaskImport given, Action<string, string> conflict)
    {
        Same(earlier.ProjectExternalId, given.ProjectExternalId, "projectExternalId", conflict);
        return earlier with
        {
            Title = Pick(earlier.Title, given.Title, "title", conflict),
            WorkType = Pick(earlier.WorkType, given.WorkType, "workType", conflict),
            Status = Pick(earlier.Status, given.Status, "status", conflict),
            BillablePercent = Pick(earlier.BillablePercent, given.BillablePercent, "billablePercent", conflict),
            Assignee = Pick(earlier.Assignee, given.Assignee, "assignee", conflict),
            CompletedOn = Pick(earlier.CompletedOn, given.CompletedOn, "completedOn", conflict),
            ExternalKey = Pick(earlier.ExternalKey, given.ExternalKey, "externalKey", conflict),
            ExternalUrl = Pick(earlier.ExternalUrl, given.ExternalUrl, "externalUrl", conflict),
        };
    }

    private static void Same(string? earlier, string? given, string field, Action<string, string> conflict)
    {
        if (!string.Equals(earlier, given, StringComparison.Ordinal))
        {
            conflict(field, $"{ImportChecks.Quote(given)} here, {ImportChecks.Quote(earlier)} before");
        }
    }

    private static string? Pick(string? earlier, string? given, string field, Action<string, string> conflict)
    {
        if (earlier is not null && given is not null && !string.Equals(earlier, given, StringComparison.Ordinal))
        {
            conflict(field, $"{ImportChecks.Quote(given)} here, {ImportChecks.Quote(earlier)} before");
        }

        return earlier ?? given;
    }

    private static int? Pick(int? earlier, int? given, string field, Action<string, string> conflict)
    {
        if (earlier is not null && given is not null && earlier != given)
        {
            conflict(field, $"{given} here, {earlier} before");
        }

        return earlier ?? given;
    }
}
