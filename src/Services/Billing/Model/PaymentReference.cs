using System.Numerics;
using System.Text.RegularExpressions;

namespace Clearhours.Billing.Model;

/// <summary>
/// An invoice's structured payment reference: an ISO 11649 creditor reference ("RF" + two check digits + the invoice's
/// year and sequence), the form banks print and read back. Its check digits catch a mistyped reference instead of
/// matching the payment to another invoice.
/// </summary>
public static partial class PaymentReference
{
    /// <summary>The reference of invoice <paramref name="sequence"/> of <paramref name="year"/>, e.g. RF18 2026 0000 42.</summary>
    public static string For(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        var body = $"{year:D4}{sequence:D6}";
        return $"RF{98 - Mod97(body + "RF00"):D2}{body}";
    }

    /// <summary>Whether <paramref name="reference"/> (spaces allowed, any case) is a creditor reference whose check digits hold.</summary>
    public static bool IsValid(string? reference) =>
        Normalize(reference) is { } normal && Whole().IsMatch(normal) && Mod97(normal[4..] + normal[..4]) == 1;

    /// <summary>The reference without spaces, in capitals; null for nothing.</summary>
    public static string? Normalize(string? reference) =>
        string.IsNullOrWhiteSpace(reference) ? null : reference.Replace(" ", "").ToUpperInvariant();

    /// <summary>
    /// The valid creditor references found in a free text such as a bank payment's purpose, in order. A reference
    /// followed by a spaced word ("RF18 5390 0754 7034 PAID") is found by letting go of whole trailing groups.
    /// </summary>
    public static IEnumerable<string> FindIn(string? text) =>
        text is null
            ? []
            : Candidates().Matches(text.ToUpperInvariant()).Select(m => Longest(m.Value)).OfType<string>().Distinct();

    private static string? Longest(string candidate)
    {
        var groups = candidate.Split(' ');
        for (var count = groups.Length; count > 0; count--)
        {
            var reference = string.Concat(groups.Take(count));
            if (IsValid(reference))
            {
                return reference;
            }
        }

        return null;
    }

    /// <summary>Letters count 10..35 (ISO 7064 MOD 97-10, as in IBANs).</summary>
    private static int Mod97(string text)
    {
        var digits = string.Concat(text.Select(c => char.IsAsciiLetter(c) ? (c - 'A' + 10).ToString() : c.ToString()));
        return (int)(BigInteger.Parse(digits) % 97);
    }

    [GeneratedRegex("^RF[0-9]{2}[0-9A-Z]{1,21}$")]
    private static partial Regex Whole();

    /// <summary>"RF" and its check digits, then up to 21 characters in groups separated by single spaces.</summary>
    [GeneratedRegex(@"\bRF ?[0-9]{2}(?: ?[0-9A-Z]){1,21}\b")]
    private static partial Regex Candidates();
}
