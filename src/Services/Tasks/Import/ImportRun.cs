using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

/// <summary>
/// One import: the rows of each kind in turn (see <see cref="Importer"/>), what became of them, and the records rows
/// may name by external id. Each record kind has its own part of the class.
/// </summary>
internal sealed partial class ImportRun(Importer importer, ImportData data, Catalog catalog)
{
    private readonly TasksDbContext _db = importer.Db;
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

    private bool Partial => _data.Partial;

    public ImportResult Result() => new(
        _companies.Counts, _projects.Counts, _tasks.Counts, _entries.Counts,
        [.. new[] { _companies, _projects, _tasks, _entries }.SelectMany(t => t.Rejected.OrderBy(r => r.Row))]);

    private Reasons NewReasons(string kind) => new(kind, _data.FieldName);

    /// <summary>
    /// The rows of a kind whose own fields are right and whose external id is theirs alone; the others are rejected
    /// here, and so are rows that name them. An external id used by several rows rejects them all: which one the
    /// file meant is not ours to guess.
    /// </summary>
    private List<Candidate<T>> Prepare<T, TRef>(
        IReadOnlyList<ImportRow<T>> rows, Tally tally, Refs<TRef>? refs, Func<T, string?> externalIdOf, Action<T, Reasons> check)
        where TRef : class
    {
        var shared = rows.GroupBy(r => Text.Clean(externalIdOf(r.Data)) ?? "", StringComparer.Ordinal)
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
        Text.Clean(externalId) is { Length: > ImportChecks.ExternalIdLength } id ? id[..ImportChecks.ExternalIdLength] + "…" : Text.Clean(externalId);

    /// <summary>"rows 3, 9": at most ten of them, so that a file of one id repeated cannot make the answer explode.</summary>
    private static string Rows(string word, IEnumerable<int> rows)
    {
        var all = rows.ToList();
        var shown = string.Join(", ", all.Take(10));
        return all.Count > 10 ? $"{word}s {shown} and {all.Count - 10} more" : $"{word}s {shown}";
    }

    /// <summary>A text field: given (an empty one clears), or in a partial row left out and kept.</summary>
    private string? TextField(string? given, string? current) => Partial && given is null ? current : Text.Clean(given);

    private void Require(Reasons reasons, string field, string? value, object? current, string what)
    {
        if (value is null)
        {
            reasons.Add(field, Partial && current is null ? $"required to create the {what}, which does not exist yet." : "required.");
        }
    }
}
