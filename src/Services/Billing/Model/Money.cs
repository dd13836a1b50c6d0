namespace Clearhours.Billing.Model;

public static class Money
{
    /// <summary>The largest amount one payment or invoice may carry: far above any agency's invoice, far below overflow.</summary>
    public const decimal Max = 1_000_000_000_000m;

    /// <summary>Why an amount cannot be money of an invoice or payment, or null when it can: positive, whole kopecks, not absurd.</summary>
    public static string? WhyNotAnAmount(decimal amount) => amount switch
    {
        <= 0 => "Must be more than 0.",
        > Max => $"At most {Max:0}.",
        _ when decimal.Round(amount, 2) != amount => "At most two decimals.",
        _ => null,
    };
}
