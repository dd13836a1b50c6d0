using Clearhours.Tasks.Model;

namespace Clearhours.Tasks.Import;

/// <summary>What a chunk found out (counts, rejected rows, ids of its records), kept only once the chunk committed.</summary>
internal sealed class ChunkOutcome
{
    private readonly List<Action> _onCommit = [];

    public void Then(Action action) => _onCommit.Add(action);

    public void Commit() => _onCommit.ForEach(a => a());
}

/// <summary>What happened to the rows of one kind so far.</summary>
internal sealed class Tally(string kind)
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

internal sealed record CompanyRef(Guid Id, string Currency);

internal sealed record ProjectRef(Guid Id, Guid CompanyId, IReadOnlyList<ProjectBillablePercent> Percents)
{
    public int? PercentFor(string workType) => ProjectBillablePercent.For(Percents, workType);
}

internal sealed record TaskRef(Guid Id, Guid ProjectId, Guid CompanyId);

internal sealed record Candidate<T>(int Row, string ExternalId, T Data);

/// <summary>The records rows may name, by external id: imported or found, rejected in the file, or known to be missing.</summary>
internal sealed class Refs<T>(string kind, ImportData data) where T : class
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

    private string KindName => kind == ImportKinds.TimeEntry ? "time entry" : kind;

    public T? Resolve(string? externalId, string field, Reasons reasons)
    {
        if (externalId is null)
        {
            return null;
        }

        if (Rejected.TryGetValue(externalId, out var row))
        {
            reasons.Add(field, $"{KindName} {ImportChecks.Quote(externalId)} was rejected ({data.RowWord} {row}).");
            return null;
        }

        if (Known.TryGetValue(externalId, out var known))
        {
            return known;
        }

        reasons.Add(field, $"no {KindName} {ImportChecks.Quote(externalId)} in the file or the database.");
        return null;
    }
}
