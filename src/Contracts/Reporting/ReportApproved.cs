namespace Clearhours.Contracts.Reporting;

/// <summary>
/// The client approved the report's snapshot (by its hash); its time entries are billed by it. Invoice carries what
/// the snapshot bills, so Billing issues the invoice without asking Reporting; Report carries what the client read,
/// so Documents draws the report detail without asking either. Both are null only in messages published before
/// they were added.
/// </summary>
public sealed record ReportApproved(
    Guid ReportId,
    string ReportNumber,
    Guid CompanyId,
    string SnapshotHash,
    IReadOnlyList<Guid> TimeEntryIds,
    DateTimeOffset ApprovedAt,
    ApprovedInvoice? Invoice = null,
    ApprovedReport? Report = null);

/// <summary>The approved snapshot as billed: its period, currency, total and lines, adjustments last.</summary>
public sealed record ApprovedInvoice(DateOnly From, DateOnly To, string Currency, decimal Total, IReadOnlyList<ApprovedLine> Lines);

/// <summary>A line of the approved snapshot; an adjustment is a billable line with its reason as the description.</summary>
public sealed record ApprovedLine(int No, string Description, int BilledMinutes, decimal Rate, decimal Amount, bool Billable);

/// <summary>
/// The approved snapshot as the client read it, for the report detail document: every task line with its planner
/// link, the adjustments, the hour totals, and who approved it (the name only; the e-mail stays on the staff card).
/// </summary>
public sealed record ApprovedReport(
    string Title,
    string CompanyName,
    string ApprovedBy,
    IReadOnlyList<ApprovedTaskLine> Lines,
    IReadOnlyList<ApprovedAdjustment> Adjustments,
    decimal ActualHours,
    decimal BilledHours,
    decimal NonBillableHours);

/// <summary>A task's line as the client's page shows it; a line with a NonBillableReason is shown but not billed.</summary>
public sealed record ApprovedTaskLine(
    int No,
    string? TaskKey,
    string Title,
    string? TaskUrl,
    string WorkType,
    int ActualMinutes,
    int BilledMinutes,
    decimal BilledHours,
    decimal? Rate,
    decimal Amount,
    string? NonBillableReason);

/// <summary>An amount added to (or taken off) the report by hand, with its reason.</summary>
public sealed record ApprovedAdjustment(int No, string Description, decimal Amount, string Reason);
