namespace Clearhours.Web.Api;

// The shapes of Billing's answers (src/Services/Billing/Apis, Payments/PaymentSourcesApi.cs), as the web app reads them.

/// <summary>An invoice's status as of today: an unpaid one past its due date reads Overdue.</summary>
public enum InvoiceStatus
{
    Issued,
    PartiallyPaid,
    Paid,
    Overdue,
    Cancelled,
}

public enum LedgerKind
{
    Issued,
    PaymentApplied,
    ExcessToCredit,
    Cancelled,
    CreditApplied,
}

public enum PaymentStatus
{
    Applied,
    Unmatched,
}

public enum PaymentOutcome
{
    Applied,
    Unmatched,
    Duplicate,
}

public enum StatementLineOutcome
{
    Matched,
    Unmatched,
    Duplicate,
    Ignored,
}

/// <summary>One page of a Billing list (the same shape as every service's).</summary>
public sealed record BillingPage<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public sealed record InvoiceSummary(
    Guid Id, string Number, Guid ReportId, string ReportNumber, Guid CompanyId, string CompanyName, InvoiceStatus Status,
    string Currency, decimal Total, decimal PaidAmount, decimal Balance, string PaymentReference, DateOnly IssuedOn, DateOnly DueOn,
    DateOnly PeriodFrom, DateOnly PeriodTo);

public sealed record InvoiceClient(
    string Name, string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic);

public sealed record InvoiceLine(int No, string Description, int BilledMinutes, decimal Rate, decimal Amount, bool Billable)
{
    /// <summary>A sum with no time behind it: an adjustment of the report (a discount, an extra), which has neither hours nor rate.</summary>
    public bool IsAdjustment => BilledMinutes == 0 && Rate == 0m && Amount != 0m;
}

public sealed record InvoiceLedgerLine(
    int No, LedgerKind Kind, decimal Amount, decimal BalanceAfter, InvoiceStatus StatusAfter, string Note, string By, DateTimeOffset At);

public sealed record InvoiceCard(
    Guid Id, string Number, Guid ReportId, string ReportNumber, Guid CompanyId, InvoiceClient Client, InvoiceStatus Status,
    string Currency, decimal Total, decimal PaidAmount, decimal Balance, string PaymentReference, DateOnly IssuedOn, DateOnly DueOn,
    DateOnly PeriodFrom, DateOnly PeriodTo, IReadOnlyList<InvoiceLine> Lines, string SnapshotHash, string? CancelReason,
    string? CreditNoteNumber, IReadOnlyList<PaymentView> Payments, IReadOnlyList<InvoiceLedgerLine> Ledger,
    string? WhyNotCancellable = null);

public sealed record PaymentView(
    Guid Id, string Source, string ExternalId, string Reference, decimal Amount, string Currency, DateTimeOffset PaidAt,
    string? PayerName, string? PayerAccount, string? Purpose, DateTimeOffset ReceivedAt, PaymentStatus Status, string? Reason,
    Guid? InvoiceId, Guid? CompanyId, decimal AppliedAmount, decimal CreditAmount, string? AssignedBy);

/// <summary>What became of a payment sent in.</summary>
public sealed record PaymentReceipt(PaymentOutcome Outcome, PaymentView Payment);

/// <summary>A payment recorded by hand (source "manual" by default); <c>externalId</c> keys it, so a resend is a duplicate.</summary>
public sealed record RecordPaymentRequest(
    string ExternalId, string Reference, decimal Amount, string Currency, DateTimeOffset PaidAt, string? PayerName, string? Purpose);

public sealed record AssignPaymentRequest(Guid InvoiceId);

public sealed record CancelInvoiceRequest(string Reason);

/// <param name="Line">Where the document or row starts in the uploaded file.</param>
public sealed record StatementLine(
    int Line, StatementLineOutcome Outcome, string? ExternalId, decimal? Amount, string? Reference, Guid? PaymentId, Guid? InvoiceId, string? Reason);

public sealed record StatementAnswer(int Matched, int Unmatched, int Duplicate, int Ignored, IReadOnlyList<StatementLine> Lines);

/// <summary>The invoice list's filters, as the page's address and the API's query both carry them.</summary>
public sealed record InvoiceFilter(InvoiceStatus? Status = null, Guid? CompanyId = null, string? Number = null, int Page = 1);
