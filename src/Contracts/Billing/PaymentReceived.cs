namespace Clearhours.Contracts.Billing;

/// <summary>
/// Money arrived for an invoice, as a bank, payment provider or accountant reports it. Applied once per
/// (<see cref="Source"/>, <see cref="ExternalId"/>): a resend under a new message id changes nothing. Other systems
/// may publish it as plain JSON with these names to the fanout exchange <c>clearhours.payments</c>.
/// </summary>
/// <param name="Reference">The invoice number or its payment reference (RF…).</param>
/// <param name="Amount">Positive, at most two decimals.</param>
public sealed record PaymentReceived(
    string Source,
    string ExternalId,
    string Reference,
    decimal Amount,
    string Currency,
    DateTimeOffset PaidAt,
    string? PayerName = null,
    string? PayerAccount = null,
    string? Purpose = null);
