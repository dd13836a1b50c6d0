using System.Text.RegularExpressions;
using Clearhours.Web.Api;

namespace Clearhours.Web;

/// <summary>
/// The agency's colour as a stylesheet (/agency.css) rather than a style block: a page updated in place (an enhanced
/// form post, the language switch) keeps the policy of the response it was first loaded with, so a block carrying a
/// later response's nonce would be refused. A stylesheet from this site needs no nonce at all.
/// </summary>
public static partial class AgencyStylesheet
{
    public const string Path = "/agency.css";

    public static void MapAgencyStylesheet(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (GatewayApi api, HttpContext http, CancellationToken cancellationToken) =>
        {
            var look = (await api.AgencyLookAsync(cancellationToken)).Value ?? AgencyLook.Plain;
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text($":root {{ --accent: {Accent(look.AccentColor)}; }}\n", "text/css");
        });

    /// <summary>Only a plain hex colour goes into the stylesheet; anything else is the product's own.</summary>
    public static string Accent(string color) => HexColor().IsMatch(color) ? color : AgencyLook.Plain.AccentColor;

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}){1,2}$")]
    private static partial Regex HexColor();
}
