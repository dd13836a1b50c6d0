using Clearhours.Documents.Rendering;

namespace Clearhours.Documents.Tests.Files;

public sealed class AmountInWordsTests
{
    // Written by hand, as an accountant would: the number's gender, then the noun's form after it.
    public static TheoryData<decimal, string, string> Russian => new()
    {
        { 0m, "RUB", "Ноль российских рублей 00 копеек" },
        { 1m, "RUB", "Один российский рубль 00 копеек" },
        { 2m, "RUB", "Два российских рубля 00 копеек" },
        { 5m, "RUB", "Пять российских рублей 00 копеек" },
        { 11m, "RUB", "Одиннадцать российских рублей 00 копеек" },
        { 12m, "RUB", "Двенадцать российских рублей 00 копеек" },
        { 21m, "RUB", "Двадцать один российский рубль 00 копеек" },
        { 22m, "RUB", "Двадцать два российских рубля 00 копеек" },
        { 101m, "RUB", "Сто один российский рубль 00 копеек" },
        { 111m, "RUB", "Сто одиннадцать российских рублей 00 копеек" },
        { 1_000m, "RUB", "Одна тысяча российских рублей 00 копеек" },
        { 2_000m, "RUB", "Две тысячи российских рублей 00 копеек" },
        { 1_000_000m, "RUB", "Один миллион российских рублей 00 копеек" },
        { 1_234_567.89m, "RUB", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь российских рублей 89 копеек" },
        { 3.01m, "RUB", "Три российских рубля 01 копейка" },
        { 3.02m, "RUB", "Три российских рубля 02 копейки" },
        { 3.05m, "RUB", "Три российских рубля 05 копеек" },
        { 3.11m, "RUB", "Три российских рубля 11 копеек" },
        { 3.21m, "RUB", "Три российских рубля 21 копейка" },

        { 0m, "BYN", "Ноль белорусских рублей 00 копеек" },
        { 1m, "BYN", "Один белорусский рубль 00 копеек" },
        { 2m, "BYN", "Два белорусских рубля 00 копеек" },
        { 5m, "BYN", "Пять белорусских рублей 00 копеек" },
        { 11m, "BYN", "Одиннадцать белорусских рублей 00 копеек" },
        { 12m, "BYN", "Двенадцать белорусских рублей 00 копеек" },
        { 21m, "BYN", "Двадцать один белорусский рубль 00 копеек" },
        { 22m, "BYN", "Двадцать два белорусских рубля 00 копеек" },
        { 101m, "BYN", "Сто один белорусский рубль 00 копеек" },
        { 111m, "BYN", "Сто одиннадцать белорусских рублей 00 копеек" },
        { 1_000m, "BYN", "Одна тысяча белорусских рублей 00 копеек" },
        { 2_000m, "BYN", "Две тысячи белорусских рублей 00 копеек" },
        { 1_000_000m, "BYN", "Один миллион белорусских рублей 00 копеек" },
        { 1_234_567.89m, "BYN", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь белорусских рублей 89 копеек" },
        { 1_234.50m, "BYN", "Одна тысяча двести тридцать четыре белорусских рубля 50 копеек" },
        { 14.01m, "BYN", "Четырнадцать белорусских рублей 01 копейка" },
        { 14.02m, "BYN", "Четырнадцать белорусских рублей 02 копейки" },
        { 14.05m, "BYN", "Четырнадцать белорусских рублей 05 копеек" },
        { 14.11m, "BYN", "Четырнадцать белорусских рублей 11 копеек" },
        { 14.21m, "BYN", "Четырнадцать белорусских рублей 21 копейка" },

        { 0m, "USD", "Ноль долларов США 00 центов" },
        { 1m, "USD", "Один доллар США 00 центов" },
        { 2m, "USD", "Два доллара США 00 центов" },
        { 5m, "USD", "Пять долларов США 00 центов" },
        { 11m, "USD", "Одиннадцать долларов США 00 центов" },
        { 12m, "USD", "Двенадцать долларов США 00 центов" },
        { 21m, "USD", "Двадцать один доллар США 00 центов" },
        { 22m, "USD", "Двадцать два доллара США 00 центов" },
        { 101m, "USD", "Сто один доллар США 00 центов" },
        { 111m, "USD", "Сто одиннадцать долларов США 00 центов" },
        { 1_000m, "USD", "Одна тысяча долларов США 00 центов" },
        { 2_000m, "USD", "Две тысячи долларов США 00 центов" },
        { 1_000_000m, "USD", "Один миллион долларов США 00 центов" },
        { 1_234_567.89m, "USD", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь долларов США 89 центов" },
        { 2_001.01m, "USD", "Две тысячи один доллар США 01 цент" },
        { 2_001.02m, "USD", "Две тысячи один доллар США 02 цента" },
        { 2_001.05m, "USD", "Две тысячи один доллар США 05 центов" },
        { 2_001.11m, "USD", "Две тысячи один доллар США 11 центов" },
        { 2_001.21m, "USD", "Две тысячи один доллар США 21 цент" },

        { 0m, "EUR", "Ноль евро 00 центов" },
        { 1m, "EUR", "Один евро 00 центов" },
        { 2m, "EUR", "Два евро 00 центов" },
        { 5m, "EUR", "Пять евро 00 центов" },
        { 11m, "EUR", "Одиннадцать евро 00 центов" },
        { 12m, "EUR", "Двенадцать евро 00 центов" },
        { 21m, "EUR", "Двадцать один евро 00 центов" },
        { 22m, "EUR", "Двадцать два евро 00 центов" },
        { 101m, "EUR", "Сто один евро 00 центов" },
        { 111m, "EUR", "Сто одиннадцать евро 00 центов" },
        { 1_000m, "EUR", "Одна тысяча евро 00 центов" },
        { 2_000m, "EUR", "Две тысячи евро 00 центов" },
        { 1_000_000m, "EUR", "Один миллион евро 00 центов" },
        { 1_234_567.89m, "EUR", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь евро 89 центов" },
        { 21_000.01m, "EUR", "Двадцать одна тысяча евро 01 цент" },
        { 21_000.02m, "EUR", "Двадцать одна тысяча евро 02 цента" },
        { 21_000.05m, "EUR", "Двадцать одна тысяча евро 05 центов" },
        { 21_000.11m, "EUR", "Двадцать одна тысяча евро 11 центов" },
        { 21_000.21m, "EUR", "Двадцать одна тысяча евро 21 цент" },
    };

    public static TheoryData<decimal, string, string> English => new()
    {
        { 0m, "BYN", "Zero Belarusian rubles 00 kopecks" },
        { 1m, "BYN", "One Belarusian ruble 00 kopecks" },
        { 1_234.50m, "BYN", "One thousand two hundred thirty-four Belarusian rubles 50 kopecks" },
        { 2.01m, "RUB", "Two Russian rubles 01 kopeck" },
        { 111.21m, "RUB", "One hundred eleven Russian rubles 21 kopecks" },
        { 1m, "USD", "One US dollar 00 cents" },
        { 1_001_000.01m, "USD", "One million one thousand US dollars 01 cent" },
        { 1_234_567.89m, "USD", "One million two hundred thirty-four thousand five hundred sixty-seven US dollars 89 cents" },
        { 1m, "EUR", "One euro 00 cents" },
        { 22.05m, "EUR", "Twenty-two euros 05 cents" },
    };

    [Theory]
    [MemberData(nameof(Russian))]
    public void A_russian_amount_agrees_the_currency_with_its_number(decimal amount, string currency, string expected) =>
        Assert.Equal(expected, AmountInWords.Of(amount, currency, DocumentLanguage.Russian));

    [Theory]
    [MemberData(nameof(English))]
    public void An_english_amount_is_written_without_and_and_with_singular_units_for_one(decimal amount, string currency, string expected) =>
        Assert.Equal(expected, AmountInWords.Of(amount, currency, DocumentLanguage.English));

    [Theory]
    [InlineData("2.005", "Два белорусских рубля 01 копейка")]
    [InlineData("0.994", "Ноль белорусских рублей 99 копеек")]
    [InlineData("0.995", "Один белорусский рубль 00 копеек")]
    public void The_amount_is_rounded_to_kopecks_half_away_from_zero_before_it_is_written(string amount, string expected) =>
        Assert.Equal(expected, AmountInWords.Of(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "BYN", DocumentLanguage.Russian));

    [Fact]
    public void A_lowercase_currency_code_is_the_same_currency() =>
        Assert.Equal("Пять евро 00 центов", AmountInWords.Of(5m, "eur", DocumentLanguage.Russian));

    [Theory]
    [InlineData(DocumentLanguage.Russian)]
    [InlineData(DocumentLanguage.English)]
    public void A_negative_amount_is_refused(DocumentLanguage language) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Of(-0.01m, "BYN", language));

    [Theory]
    [InlineData(DocumentLanguage.Russian, "Одна тысяча двести тридцать четыре PLN 05/100")]
    [InlineData(DocumentLanguage.English, "One thousand two hundred thirty-four PLN 05/100")]
    public void A_currency_without_written_nouns_is_named_by_its_code_with_hundredths(DocumentLanguage language, string expected) =>
        Assert.Equal(expected, AmountInWords.Of(1234.05m, "pln", language));

    [Theory]
    [InlineData("")]
    [InlineData("рубль")]
    [InlineData("BYNX")]
    public void What_is_not_a_currency_code_is_refused(string currency) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AmountInWords.Of(1m, currency, DocumentLanguage.Russian));
}
