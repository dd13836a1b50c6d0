namespace Clearhours.Billing.Model;

public enum LedgerKind
{
    Issued,
    PaymentApplied,
    ExcessToCredit,
    Cancelled,
    CreditApplied,
}

/// <summary>One line of an invoice's history: what happened to its money and status, by whom and when. Never changed.</summary>
public sealed record InvoiceLedgerEntry(
    Guid InvoiceId, int No, LedgerKind Kind, decimal Amount, decimal BalanceAfter, InvoiceStatus StatusAfter, string Note,
    string By, DateTimeOffset At);
