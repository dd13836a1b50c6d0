namespace Clearhours.Billing.Infrastructure;

public sealed class BillingOptions
{
    /// <summary>The invoice number: {0} the year, {1} the sequence in it.</summary>
    public string InvoiceNumberFormat { get; set; } = "СЧ-{0}-{1:D4}";
}
