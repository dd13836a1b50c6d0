namespace Clearhours.Contracts.Reporting;

/// <summary>The report will not be billed: its claims and locks on time entries are released.</summary>
public sealed record ReportCancelled(Guid ReportId, string ReportNumber, IReadOnlyList<Guid> TimeEntryIds, DateTimeOffset CancelledAt);
