namespace Clearhours.Contracts.Billing;

/// <summary>
/// An unpaid invoice was cancelled (with a credit note when one was issued): its report goes back to Approved, ready
/// for a new invoice or for cancelling.
/// </summary>
public sealed record InvoiceCancelled(
    Guid InvoiceId,
    string InvoiceNumber,
    Guid ReportId,
    string ReportNumber,
    string Reason,
    DateTimeOffset CancelledAt,
    string? CreditNoteNumber = null);
