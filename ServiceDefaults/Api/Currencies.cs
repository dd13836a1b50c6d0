using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearhours.ServiceDefaults.Api;

public static partial class Currencies
{
    /// <summary>ISO 4217 codes of the currencies in use in the world's regions (BYN, USD, EUR, RUB, …).</summary>
    private static readonly HashSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => { try { return new RegionInfo(culture.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    public const string Expected = "an ISO 4217 currency code, e.g. BYN, USD, EUR, RUB";

    public const string Hint = $"Not {Expected}.";

    /// <summary>Three capitals that name a currency in use (any three capitals where the machine knows no cultures).</summary>
    public static bool IsKnown(string? code) =>
        code is not null && Code().IsMatch(code) && (Known.Count == 0 || Known.Contains(code));

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex Code();
}
