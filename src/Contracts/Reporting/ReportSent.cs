namespace Clearhours.Contracts.Reporting;

/// <summary>A report went to its client: the snapshot with this hash is what the client's link shows.</summary>
public sealed record ReportSent(Guid ReportId, string ReportNumber, Guid CompanyId, string SnapshotHash, decimal Amount, string Currency, DateTimeOffset SentAt);
