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
                var ids = chunk.Select(e => e.ExternalId).ToList();
                var existing = await _db.TimeEntries.Where(e => ids.Contains(e.ExternalId!))
                    .ToDictionaryAsync(e => e.ExternalId!, StringComparer.Ordinal, ct);
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
            : _db.RefreshBillingStatesAsync(placed.Values.SelectMany(p => p.From is { } from ? [from, p.To] : new[] { p.To }), now, cancellationToken);
}
