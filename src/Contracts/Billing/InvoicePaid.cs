namespace Clearhours.Contracts.Billing;

/// <summary>The invoice of a report is paid in full.</summary>
/// <param name="PaidAt">When the payer paid, as the payment says.</param>
/// <param name="ReceivedAt">
/// When Billing received the payment that paid it in full; null when the client's credit paid it (and in messages from
/// before the field existed).
/// </param>
public sealed record InvoicePaid(Guid InvoiceId, string InvoiceNumber, Guid ReportId, DateTimeOffset PaidAt, DateTimeOffset? ReceivedAt = null);
