using System.Text.Json;
using System.Text.RegularExpressions;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.ServiceDefaults.Api;

namespace Clearhours.Billing.Payments;

/// <summary>A payment read from the result of reading plain JSON, or the reasons it is not one.</summary>
public sealed record PaymentRead(PaymentReceived? Payment, FieldErrors Errors)
{
    public bool IsPayment => Payment is not null && !Errors.Any;
}

/// <summary>
/// The plain-JSON payment of the public contract (the <c>clearhours.payments</c> exchange and the webhook body), read
/// strictly: an amount is a JSON number, never a string, so a payer's "12,50" or "1e30" is refused with its reason
/// rather than guessed at. Fields not in the contract are ignored, so a sender may carry its own.
/// </summary>
public static partial class PaymentJson
{
    public const string NumberHint = "A JSON number, positive, with at most two decimals.";
    public const string DateHint = "An ISO 8601 date and time with its offset, e.g. 2026-11-28T10:00:00Z.";

    /// <param name="source">The source to use whatever the body says (the webhook's route), or null to take the body's.</param>
    public static PaymentRead Read(ReadOnlyMemory<byte> body, string? source = null)
    {
        var errors = new FieldErrors();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException error)
        {
            return new PaymentRead(null, errors.Add("body", $"Not JSON: {error.Message}"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new PaymentRead(null, errors.Add("body", "A JSON object with the payment's fields is required."));
            }

            var payment = new PaymentReceived(
                source ?? Text(root, "source", errors, required: true) ?? "",
                Text(root, "externalId", errors, required: true) ?? "",
                Text(root, "reference", errors, required: true) ?? "",
                Amount(root, errors),
                Text(root, "currency", errors, required: true) ?? "",
                PaidAt(root, errors),
                Text(root, "payerName", errors, required: false),
                Text(root, "payerAccount", errors, required: false),
                Text(root, "purpose", errors, required: false));
            return errors.Any ? new PaymentRead(null, errors) : new PaymentRead(payment, PaymentInput.Check(payment));
        }
    }

    private static string? Text(JsonElement root, string name, FieldErrors errors, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Check(!required, name, "Required.");
            return null;
        }

        errors.Check(value.ValueKind == JsonValueKind.String, name, "A JSON string.");
        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static decimal Amount(JsonElement root, FieldErrors errors)
    {
        if (root.TryGetProperty("amount", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var amount))
        {
            return amount;
        }

        errors.Add("amount", NumberHint);
        return 0m;
    }

    private static DateTimeOffset PaidAt(JsonElement root, FieldErrors errors)
    {
        if (root.TryGetProperty("paidAt", out var value) && value.ValueKind == JsonValueKind.String
            && WithOffset().IsMatch(value.GetString()!) && value.TryGetDateTimeOffset(out var paidAt))
        {
            return paidAt;
        }

        errors.Add("paidAt", DateHint);
        return default;
    }

    /// <summary>Without an offset the time would be read in the server's zone, a day off for a payment at midnight.</summary>
    [GeneratedRegex(@"(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex WithOffset();
}
