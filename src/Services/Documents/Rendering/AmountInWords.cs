using System.Globalization;
using Humanizer;

namespace Clearhours.Documents.Rendering;

/// <summary>
/// Money in words, as invoices and acts print it: «Одна тысяча двести тридцать четыре белорусских рубля 50 копеек».
/// The whole units are in words, the minor units in figures with two digits.
/// </summary>
public static class AmountInWords
{
    private static readonly CultureInfo RussianCulture = CultureInfo.GetCultureInfo("ru");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en");

    private static readonly RussianNoun Kopeck = new("копейка", "копейки", "копеек");
    private static readonly RussianNoun Cent = new("цент", "цента", "центов");

    private static readonly Dictionary<string, CurrencyNames> Currencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["RUB"] = new(
            new("российский рубль", "российских рубля", "российских рублей"), Kopeck,
            new("Russian ruble", "Russian rubles"), new("kopeck", "kopecks")),
        ["BYN"] = new(
            new("белорусский рубль", "белорусских рубля", "белорусских рублей"), Kopeck,
            new("Belarusian ruble", "Belarusian rubles"), new("kopeck", "kopecks")),
        ["USD"] = new(
            new("доллар США", "доллара США", "долларов США"), Cent,
            new("US dollar", "US dollars"), new("cent", "cents")),
        ["EUR"] = new(
            new("евро", "евро", "евро"), Cent,
            new("euro", "euros"), new("cent", "cents")),
    };

    /// <summary>
    /// <paramref name="amount"/> rounded to the minor unit (half away from zero) and written out in
    /// <paramref name="language"/>; a negative amount is refused. RUB, BYN, USD and EUR are named in words; any other
    /// currency by its code, with the minor units as hundredths: «Сто двадцать PLN 50/100».
    /// </summary>
    public static string Of(decimal amount, string currency, DocumentLanguage language)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentNullException.ThrowIfNull(currency);
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw new ArgumentOutOfRangeException(nameof(currency), currency, "An ISO 4217 currency code is needed.");
        }

        var rounded = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rounded, long.MaxValue, nameof(amount));
        var whole = (long)decimal.Truncate(rounded);
        var minor = (int)((rounded - whole) * 100);

        // Billing takes any ISO code: a currency whose nouns are not written here gets its code and the cents as a fraction.
        if (!Currencies.TryGetValue(currency, out var names))
        {
            var words = language == DocumentLanguage.Russian ? whole.ToWords(GrammaticalGender.Masculine, RussianCulture) : EnglishWords(whole);
            return Capitalized($"{words} {currency.ToUpperInvariant()} {minor:00}/100");
        }

        var text = language switch
        {
            // рубль, доллар and евро are all masculine: «один рубль», «два доллара», «один евро».
            DocumentLanguage.Russian =>
                $"{whole.ToWords(GrammaticalGender.Masculine, RussianCulture)} {names.RussianMajor.For(whole)} {minor:00} {names.RussianMinor.For(minor)}",
            DocumentLanguage.English =>
                $"{EnglishWords(whole)} {names.EnglishMajor.For(whole)} {minor:00} {names.EnglishMinor.For(minor)}",
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Unknown document language."),
        };
        return Capitalized(text);
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    // Humanizer still puts a British "and" into some groups ("one million and one thousand") even when asked not to;
    // the documents write numbers the American way, which never has one.
    private static string EnglishWords(long number) =>
        number.ToWords(EnglishCulture, addAnd: false).Replace(" and ", " ", StringComparison.Ordinal);

    private sealed record CurrencyNames(RussianNoun RussianMajor, RussianNoun RussianMinor, EnglishNoun EnglishMajor, EnglishNoun EnglishMinor);

    /// <summary>A noun after a Russian numeral: «один рубль», «два рубля», «пять рублей».</summary>
    private sealed record RussianNoun(string One, string Few, string Many)
    {
        public string For(long number) => (number % 100, number % 10) switch
        {
            ( >= 11 and <= 14, _) => Many,
            (_, 1) => One,
            (_, >= 2 and <= 4) => Few,
            _ => Many,
        };
    }

    private sealed record EnglishNoun(string One, string Many)
    {
        public string For(long number) => number == 1 ? One : Many;
    }
}
