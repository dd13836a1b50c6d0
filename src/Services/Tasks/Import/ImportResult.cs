namespace Clearhours.Tasks.Import;

/// <summary>What happened to the rows of one kind.</summary>
public sealed record ImportCounts(int Created, int Updated, int Unchanged, int Rejected);

/// <summary>A row that was not imported, with every reason found.</summary>
/// <param name="Kind">company, project, task or timeEntry.</param>
/// <param name="Row">1-based position in its list (JSON) or the line of the file it starts on (CSV, the header is line 1).</param>
public sealed record RejectedRow(string Kind, int Row, string? ExternalId, IReadOnlyList<string> Reasons);

public sealed record ImportResult(
    ImportCounts Companies,
    ImportCounts Projects,
    ImportCounts Tasks,
    ImportCounts TimeEntries,
    IReadOnlyList<RejectedRow> Rejected);
