namespace Clearhours.Billing.Model;

/// <summary>
/// A report Reporting cancelled: it is never invoiced (again), even when its approval reaches Billing after the
/// cancellation, or an accountant tries to issue its cancelled invoice anew.
/// </summary>
public sealed record CancelledReport(Guid ReportId, string ReportNumber, DateTimeOffset CancelledAt);
