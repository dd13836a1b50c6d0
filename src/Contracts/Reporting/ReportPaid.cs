namespace Clearhours.Contracts.Reporting;

/// <summary>
/// The report's invoice is paid: its time entries are final and can never be billed again. TimeEntryIds were billed
/// and are paid; NotBillableTimeEntryIds were on the report at 0 % (information only) and are settled as not billable.
/// </summary>
public sealed record ReportPaid(
    Guid ReportId,
    string ReportNumber,
    IReadOnlyList<Guid> TimeEntryIds,
    DateTimeOffset PaidAt,
    IReadOnlyList<Guid>? NotBillableTimeEntryIds = null);
