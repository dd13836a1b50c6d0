using Clearhours.Contracts.Billing;
using Clearhours.ServiceDefaults.Api;

namespace Clearhours.Billing.Model;

/// <summary>What a payment must carry, whichever way it arrives; one check for all four ways in.</summary>
public static class PaymentInput
{
    public static FieldErrors Check(PaymentReceived? payment)
    {
        var errors = new FieldErrors();
        if (payment is null)
        {
            return errors.Add("payment", "A payment is required.");
        }

        return errors
            .Check(IsText(payment.Source, 64) && payment.Source.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
                "source", "1 to 64 letters, digits, '-', '_' or '.'.")
            .Check(IsText(payment.ExternalId, 200), "externalId", "Required, at most 200 characters.")
            .Check(IsText(payment.Reference, 100), "reference", "The invoice number or payment reference, at most 100 characters.")
            .Check(Money.WhyNotAnAmount(payment.Amount) is null, "amount", Money.WhyNotAnAmount(payment.Amount) ?? "")
            .Check(Currencies.IsKnown(payment.Currency), "currency", Currencies.Hint)
            .Check(payment.PaidAt != default && payment.PaidAt.Year is >= 2000 and <= 2100, "paidAt", "The date and time of the payment.")
            .Check(payment.PayerName is not { Length: > 500 }, "payerName", "At most 500 characters.")
            .Check(payment.PayerAccount is not { Length: > 64 }, "payerAccount", "At most 64 characters.")
            .Check(payment.Purpose is not { Length: > 2000 }, "purpose", "At most 2000 characters.");
    }

    private static bool IsText(string? value, int max) => !string.IsNullOrWhiteSpace(value) && value.Length <= max;
}
