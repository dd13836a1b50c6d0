using System.Globalization;

namespace Clearhours.Web.Tests;

public sealed class FormattingTests
{
    private static readonly CultureInfo Russian = new("ru-RU");
    private static readonly CultureInfo English = new("en");

    [Fact]
    public void Money_in_russian_groups_thousands_with_a_space_and_uses_a_decimal_comma() =>
        Assert.Equal("1\u00A0234,50 BYN", Cultures.Money(1234.5m, "BYN", Russian));

    [Fact]
    public void Money_in_english_groups_thousands_with_a_comma() =>
        Assert.Equal("1,234.50 BYN", Cultures.Money(1234.5m, "BYN", English));

    [Fact]
    public void A_date_in_russian_is_day_month_year_with_dots() =>
        Assert.Equal("01.10.2026", Cultures.Date(new DateOnly(2026, 10, 1), Russian));

    [Fact]
    public void Hours_show_only_the_decimals_they_have() =>
        Assert.Equal(["12,5", "8", "0,25"], new[] { 12.5m, 8.00m, 0.25m }.Select(h => Cultures.Hours(h, Russian)));
}
