namespace Clearhours.Billing.Model;

/// <summary>
/// One movement of a client's credit in one currency: money paid beyond an invoice's balance (+), or credit used
/// on a later invoice (−). The client's credit is their sum; rows are only ever added.
/// </summary>
public sealed record ClientCredit(Guid Id, Guid CompanyId, string Currency, decimal Amount, Guid? PaymentId, Guid? InvoiceId, string Note, DateTimeOffset At)
{
    public static ClientCredit FromExcess(Payment payment, Invoice invoice, DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), invoice.CompanyId, invoice.Currency, payment.CreditAmount, payment.Id, invoice.Id,
            $"Paid beyond invoice {invoice.Number} by payment {payment.Source}/{payment.ExternalId}.", at);
}
