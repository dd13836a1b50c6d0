namespace Clearhours.Contracts.Reporting;

/// <summary>
/// The client approved the report's snapshot (by its hash); its time entries are billed by it. Invoice carries what
/// the snapshot bills, so Billing issues the invoice without asking Reporting; it is null only in messages published
/// before it was added.
/// </summary>
public sealed record ReportApproved(
    Guid ReportId,
    string ReportNumber,
    Guid CompanyId,
    string SnapshotHash,
    IReadOnlyList<Guid> TimeEntryIds,
    DateTimeOffset ApprovedAt,
    ApprovedInvoice? Invoice = null);

/// <summary>The approved snapshot as billed: its period, currency, total and lines, adjustments last.</summary>
public sealed record ApprovedInvoice(DateOnly From, DateOnly To, string Currency, decimal Total, IReadOnlyList<ApprovedLine> Lines);

/// <summary>A line of the approved snapshot; an adjustment is a billable line with its reason as the description.</summary>
public sealed record ApprovedLine(int No, string Description, int BilledMinutes, decimal Rate, decimal Amount, bool Billable);
