namespace Clearhours.Billing.Model;

/// <summary>
/// Billing's own copy of a client company, kept from Tasks' CompanyChanged (highest version wins): the requisites an
/// invoice is issued with and the payment terms that set its due date. Billing never asks Tasks.
/// </summary>
public sealed class BillingClient
{
    private BillingClient()
    {
    }

    public Guid CompanyId { get; private set; }

    public long Version { get; private set; }

    public InvoiceClient Requisites { get; private set; } = null!;

    public string Currency { get; private set; } = "";

    public int PaymentTermsDays { get; private set; }

    public static BillingClient Create(Guid companyId) => new() { CompanyId = companyId, Version = -1 };

    /// <summary>Takes a newer state of the company; an older or repeated one changes nothing.</summary>
    public bool Apply(long version, InvoiceClient requisites, string currency, int paymentTermsDays)
    {
        if (version <= Version)
        {
            return false;
        }

        (Version, Requisites, Currency, PaymentTermsDays) = (version, requisites, currency, paymentTermsDays);
        return true;
    }
}
