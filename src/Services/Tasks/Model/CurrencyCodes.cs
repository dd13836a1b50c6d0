using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearhours.Tasks.Model;

/// <summary>The currencies a company or project may bill in.</summary>
public static partial class CurrencyCodes
{
    public const string Expected = "an ISO 4217 currency code, e.g. BYN, USD, EUR, RUB";

    /// <summary>ISO 4217 codes of the currencies in use in the world's regions (BYN, USD, EUR, RUB, …).</summary>
    private static readonly HashSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => { try { return new RegionInfo(culture.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsValid(string? code) =>
        code is not null && CurrencyCode().IsMatch(code) && (Known.Count == 0 || Known.Contains(code));

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
