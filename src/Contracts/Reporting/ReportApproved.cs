namespace Clearhours.Contracts.Reporting;

/// <summary>The client approved the report's snapshot (by its hash); its time entries are billed by it.</summary>
public sealed record ReportApproved(
    Guid ReportId,
    string ReportNumber,
    Guid CompanyId,
    string SnapshotHash,
    IReadOnlyList<Guid> TimeEntryIds,
    DateTimeOffset ApprovedAt);
