namespace Clearhours.Contracts.Billing;

/// <summary>
/// A payment was applied to an invoice: <see cref="Amount"/> paid it, <see cref="Balance"/> is what is left.
/// Ordered with the invoice's other events (InvoiceId first), so it is never overtaken by its InvoicePaid.
/// </summary>
public sealed record PaymentApplied(
    Guid InvoiceId,
    string InvoiceNumber,
    Guid PaymentId,
    string Source,
    string ExternalId,
    Guid ReportId,
    string ReportNumber,
    decimal Amount,
    decimal Balance,
    string Currency,
    DateTimeOffset PaidAt);
