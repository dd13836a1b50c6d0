namespace Clearhours.Web.Api;

// The staff's reports as Reporting's ReportsApi, ReportLifeApi, ReportLinesApi and ShareLinksApi answer them, and the
// few shapes of Tasks (companies) and Billing (a report's invoice) the board and the card show.

public enum ReportStatus
{
    Draft,
    Sent,
    ChangesRequested,
    Approved,
    Invoiced,
    Paid,
    Cancelled,
}

public sealed record ReportSummary(
    Guid Id, string Number, string Title, string CompanyName, DateOnly From, DateOnly To, ReportStatus Status, decimal Amount, string Currency);

public sealed record CurrencySum(string Currency, decimal Amount);

/// <summary>A kanban column: the count and sums cover every report in the status, the cards only the newest.</summary>
public sealed record BoardColumn(ReportStatus Status, int Count, IReadOnlyList<CurrencySum> Sums, IReadOnlyList<ReportSummary> Cards);

public sealed record ReportSearchPage(IReadOnlyList<ReportSummary> Items, int PageNumber, int PageSize, int Total);

/// <summary>A client as the board's filter lists it (Tasks' company).</summary>
public sealed record ReportClient(Guid Id, string Name, string Currency);

public sealed record ReportClientPage(IReadOnlyList<ReportClient> Items, int PageNumber, int PageSize, int Total);

public sealed record RoundingRule(string Mode, int IncrementMinutes);

public sealed record ReportLine(
    Guid TaskId, string? TaskKey, string Title, string? TaskUrl, string WorkType, int ActualMinutes, int BillablePercent,
    int BilledMinutes, decimal BilledHours, decimal? Rate, decimal Amount, string? NonBillableReason, RoundingRule? Rounding = null,
    string? BillableRule = null)
{
    public decimal ActualHours => ActualMinutes / 60m;
}

public sealed record CardLine(int No, ReportLine Line, bool Excluded);

public sealed record StatusChange(ReportStatus? From, ReportStatus To, string By, DateTimeOffset At, string? Comment);

public sealed record ReportApproval(string Name, string Email, DateTimeOffset At, string? Address, string Hash);

public sealed record ChangeRequest(string Comment, IReadOnlyList<int> Lines, string? Name, DateTimeOffset At, string? Address);

/// <summary>A document of the report; Status is the signing of an invoice or act (Generated, SentToClient, Signed), else null.</summary>
public sealed record ReportDocument(
    Guid DocumentId, string Kind, string FileName, DateTimeOffset CreatedAt, Guid? InvoiceId, int Version, string? Status, string? StatusComment);

public sealed record TimeLockRefusal(Guid TimeEntryId, string Reason, string? HeldByReportNumber);

/// <summary>How many of the claimed entries Tasks has locked; Confirmed is false until Tasks answers the latest claims.</summary>
public sealed record LockStatus(int Claimed, int Locked, bool Confirmed, IReadOnlyList<TimeLockRefusal> Refused);

public sealed record StaleLine(int No, string Task, IReadOnlyList<string> Reasons);

public sealed record ReportPayment(Guid PaymentId, string InvoiceNumber, string Source, decimal Amount, DateTimeOffset PaidAt, decimal BalanceAfter);

public sealed record ReportCard(
    Guid Id, string Number, string Title, Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, string Currency,
    ReportStatus Status, IReadOnlyList<CardLine> Lines, IReadOnlyList<Adjustment> Adjustments, ReportTotals Totals, decimal Amount,
    IReadOnlyList<StatusChange> History, string? SnapshotHash, ReportApproval? Approval, IReadOnlyList<ChangeRequest> ChangeRequests,
    string? InvoiceNumber, IReadOnlyList<ReportDocument> Documents, long Version, LockStatus Locks, IReadOnlyList<StaleLine> StaleLines,
    IReadOnlyList<ReportPayment> Payments, decimal? Balance);

public sealed record ShareLinkCreated(Guid ReportId, string Token, string PublicPath, DateTimeOffset ExpiresAt);

public sealed record SentReport(ReportCard Report, ShareLinkCreated Link);

public sealed record AdjustmentRequest(string Description, decimal Amount, string Reason);

/// <summary>The report's invoice as Billing's GET /api/invoices?reportId= lists it (accountants and admins only).</summary>
public sealed record ReportInvoice(
    Guid Id, string Number, string Status, string Currency, decimal Total, decimal PaidAmount, decimal Balance, string PaymentReference,
    DateOnly IssuedOn, DateOnly DueOn);

public sealed record ReportInvoicePage(IReadOnlyList<ReportInvoice> Items, int PageNumber, int PageSize, int Total);
