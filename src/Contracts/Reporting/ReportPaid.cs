namespace Clearhours.Contracts.Reporting;

/// <summary>The report's invoice is paid: its time entries are paid and can never be billed again.</summary>
public sealed record ReportPaid(Guid ReportId, string ReportNumber, IReadOnlyList<Guid> TimeEntryIds, DateTimeOffset PaidAt);
