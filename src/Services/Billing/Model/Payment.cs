namespace Clearhours.Billing.Model;

public enum PaymentStatus
{
    /// <summary>Paid towards an invoice (any excess is the client's credit).</summary>
    Applied,

    /// <summary>Parked with a reason until an accountant assigns it.</summary>
    Unmatched,
}

/// <summary>
/// Money received, once per (source, external id), whichever way it came in. It is either applied to one invoice or
/// parked as unmatched with the reason; it is never deleted.
/// </summary>
public sealed class Payment
{
    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public string Source { get; private set; } = "";

    public string ExternalId { get; private set; } = "";

    public string Reference { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string Currency { get; private set; } = "";

    public DateTimeOffset PaidAt { get; private set; }

    public string? PayerName { get; private set; }

    public string? PayerAccount { get; private set; }

    public string? Purpose { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public PaymentStatus Status { get; private set; }

    public string? UnmatchedReason { get; private set; }

    public Guid? InvoiceId { get; private set; }

    public Guid? CompanyId { get; private set; }

    /// <summary>The part that paid the invoice.</summary>
    public decimal AppliedAmount { get; private set; }

    /// <summary>The part beyond the invoice's balance, kept as the client's credit.</summary>
    public decimal CreditAmount { get; private set; }

    public string? AssignedBy { get; private set; }

    public long Version { get; private set; }

    public static Payment Receive(
        string source, string externalId, string reference, decimal amount, string currency, DateTimeOffset paidAt,
        string? payerName, string? payerAccount, string? purpose, DateTimeOffset receivedAt) => new()
        {
            Id = Guid.CreateVersion7(receivedAt),
            Source = source,
            ExternalId = externalId,
            Reference = reference,
            Amount = amount,
            Currency = currency,
            PaidAt = paidAt.ToUniversalTime(), // timestamptz stores UTC only: "+03:00" from a bank must not fail the payment
            PayerName = payerName,
            PayerAccount = payerAccount,
            Purpose = purpose,
            ReceivedAt = receivedAt,
            Status = PaymentStatus.Unmatched,
            UnmatchedReason = "Not applied yet.",
        };

    /// <summary>Applies the whole payment to <paramref name="invoice"/>; what exceeds its balance becomes credit.</summary>
    public PaymentApplication ApplyTo(Invoice invoice, string by, DateTimeOffset at) =>
        Apply(invoice, $"Payment {Source}/{ExternalId}", by, at);

    /// <summary>
    /// Why an accountant cannot assign this payment to <paramref name="invoice"/>, or null when they can: only a parked
    /// payment, to an invoice still waiting for money in the payment's currency.
    /// </summary>
    public string? WhyNotAssignableTo(Invoice invoice) => this switch
    {
        { Status: PaymentStatus.Applied } => $"Payment {Source}/{ExternalId} is already applied to an invoice.",
        _ when invoice.Status == InvoiceStatus.Paid => $"Invoice {invoice.Number} is paid already.",
        _ => invoice.WhyCannotTake(Currency),
    };

    /// <summary>An accountant applies a parked payment to the invoice they found for it.</summary>
    public PaymentApplication AssignTo(Invoice invoice, string by, DateTimeOffset at)
    {
        if (WhyNotAssignableTo(invoice) is { } why)
        {
            throw new InvalidOperationException(why);
        }

        return Apply(invoice, $"Payment {Source}/{ExternalId} assigned by {by}", by, at);
    }

    private PaymentApplication Apply(Invoice invoice, string source, string by, DateTimeOffset at)
    {
        if (Status == PaymentStatus.Applied)
        {
            throw new InvalidOperationException($"Payment {Source}/{ExternalId} is already applied.");
        }

        var application = invoice.Apply(Amount, Currency, source, by, at);
        (Status, UnmatchedReason, InvoiceId, CompanyId) = (PaymentStatus.Applied, null, invoice.Id, invoice.CompanyId);
        (AppliedAmount, CreditAmount) = (application.Applied, application.Excess);
        AssignedBy = by;
        Version++;
        return application;
    }

    public void Park(string reason)
    {
        (Status, UnmatchedReason) = (PaymentStatus.Unmatched, reason);
        Version++;
    }
}
