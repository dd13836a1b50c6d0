using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Clearhours.Web;

/// <summary>The page's language and formats: Russian unless the client picked English (?culture=en, then a cookie).</summary>
public static class Cultures
{
    public const string Default = "ru-RU";
    public static readonly string[] Supported = [Default, "en"];

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Default)
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported);
        // The browser's Accept-Language is left out on purpose: the default is Russian, whatever the client's machine says.
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        return options;
    }

    /// <summary>Money as the culture writes it, with the currency code after: 1 234,50 BYN or 1,234.50 BYN.</summary>
    public static string Money(decimal amount, string currency, CultureInfo? culture = null) =>
        $"{amount.ToString("N2", culture ?? CultureInfo.CurrentCulture)} {currency}";

    public static string Hours(decimal hours, CultureInfo? culture = null) =>
        hours.ToString("0.##", culture ?? CultureInfo.CurrentCulture);

    public static string Date(DateOnly date, CultureInfo? culture = null) =>
        date.ToString("d", culture ?? CultureInfo.CurrentCulture);
}
