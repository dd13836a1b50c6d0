namespace Clearhours.Billing.Infrastructure;

public sealed class BillingOptions
{
    /// <summary>The invoice number: {0} the year, {1} the sequence in it.</summary>
    public string InvoiceNumberFormat { get; set; } = "СЧ-{0}-{1:D4}";

    /// <summary>The credit note that cancels an invoice, in a series of its own: {0} the year, {1} the sequence.</summary>
    public string CreditNoteNumberFormat { get; set; } = "КН-{0}-{1:D4}";
}
