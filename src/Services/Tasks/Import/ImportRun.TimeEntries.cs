using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

internal sealed partial class ImportRun
{
    public async Task TimeEntriesAsync(CancellationToken cancellationToken)
    {
        var today = TimeEntry.Today(importer.Time);
        var candidates = Prepare<TimeEntryImport, TaskRef>(_data.TimeEntries, _entries, null, e => e.ExternalId,
            (e, reasons) => ImportChecks.TimeEntry(e, today, reasons));
        foreach (var chunk in candidates.Chunk(importer.ChunkSize))
        {
            await importer.SaveChunkAsync(async (outcome, ct) =>
            {
                await LookUpTasksAsync(chunk.Select(e => Text.Clean(e.Data.TaskExternalId)), ct);
                var ids = chunk.Select(e => e.ExternalId).ToArray();
                // Untracked: most rows of a file imported again change nothing, and only those that do are attached.
                // In SQL: LINQ's ids.Contains(e.ExternalId) on this nullable column adds "or a null in the list matches
                // a null id", which the prepared statement's generic plan checks for every row against the whole list
                // (25–30 ms a chunk of 2 000, 0.7 s of a re-import of 100 000; bench/README.md, Import).
                var existing = await _db.TimeEntries.FromSql($"""SELECT * FROM time_entries WHERE "ExternalId" = ANY({ids})""")
                    .AsNoTracking().ToDictionaryAsync(e => e.ExternalId!, StringComparer.Ordinal, ct);
                var now = importer.Time.GetUtcNow();
                var placed = new Dictionary<Guid, (Guid? From, Guid To)>();
                foreach (var row in chunk)
                {
                    var current = existing.GetValueOrDefault(row.ExternalId);
                    var reasons = NewReasons(ImportKinds.TimeEntry);
                    var task = _taskRefs.Resolve(Text.Clean(row.Data.TaskExternalId), "taskExternalId", reasons);
                    if (task is null)
                    {
                        Reject<TimeEntryImport, TaskRef>(outcome, _entries, null, row, reasons);
                        continue;
                    }

                    var e = row.Data;
                    var comment = Partial && e.Comment is null ? current?.Comment : Text.Clean(e.Comment);
                    var details = new TimeEntryDetails(task.Id, Text.Clean(e.Person)!, ImportChecks.ParseDate(e.WorkDate)!.Value,
                        e.Minutes!.Value, comment);
                    var created = current is null;
                    var entry = current ?? TimeEntry.Create(row.ExternalId);
                    if (!entry.Changes(details))
                    {
                        outcome.Then(() => _entries.Count(created, changed: false));
                        continue;
                    }

                    if (!created)
                    {
                        _db.TimeEntries.Attach(entry);
                    }

                    var from = current?.TaskId;
                    try
                    {
                        entry.Update(details, now);
                    }
                    catch (EntryLockedException)
                    {
                        // Update refuses before it changes anything: the row is rejected, the entry untouched.
                        reasons.Add($"the time entry cannot change: {entry.WhyLocked}.");
                        Reject<TimeEntryImport, TaskRef>(outcome, _entries, null, row, reasons);
                        continue;
                    }

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

                    outcome.Then(() => _entries.Count(created, changed: true));
                }

                await RefreshBillingStatesAsync(placed, now, ct);
            }, cancellationToken);
        }
    }

    /// <summary>
    /// A task's billing state follows its entries, as with the time entry endpoints: new unbilled time turns a paid
    /// task partly paid, and time moved away can settle the task it left. Only entries the chunk created or moved can
    /// change a state, and new time only that of a task in one of <see cref="ProjectTask.StatesNewTimeChanges"/>: the
    /// other tasks, nearly all of them, are not worked out again.
    /// </summary>
    private async Task RefreshBillingStatesAsync(
        IReadOnlyDictionary<Guid, (Guid? From, Guid To)> placed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (placed.Count == 0)
        {
            return;
        }

        var joined = placed.Values.Select(p => p.To).Distinct().ToList();
        var states = ProjectTask.StatesNewTimeChanges.ToList();
        var changing = await _db.Tasks.AsNoTracking().Where(t => joined.Contains(t.Id) && states.Contains(t.BillingState))
            .Select(t => t.Id).ToListAsync(cancellationToken);
        var touched = placed.Values.Select(p => p.From).OfType<Guid>().Concat(changing).ToList();
        if (touched.Count > 0)
        {
            // The refresh reads the entries' states from the database: the chunk's new entries are written first.
            await importer.SaveAsync(cancellationToken);
            await _db.RefreshBillingStatesAsync(touched, now, cancellationToken);
        }
    }
}
