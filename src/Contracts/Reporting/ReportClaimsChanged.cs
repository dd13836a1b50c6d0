namespace Clearhours.Contracts.Reporting;

/// <summary>
/// The time entries a live report claims now: all of them, not a difference, so a lost or late message is made good
/// by the next one. Tasks locks these against edits and releases the report's other locks; a message with a
/// <paramref name="ClaimVersion"/> not newer than one already applied changes nothing.
/// </summary>
public sealed record ReportClaimsChanged(
    Guid ReportId,
    string ReportNumber,
    long ClaimVersion,
    IReadOnlyList<Guid> TimeEntryIds,
    DateTimeOffset ChangedAt);
