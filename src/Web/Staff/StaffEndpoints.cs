using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Web.Staff;

/// <summary>The two plain form posts of the web app: signing out and choosing the language.</summary>
public static class StaffEndpoints
{
    public static void MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (antiforgery-checked, as every form-bound endpoint is), never a GET a link or image could trigger.
        app.MapPost("/signout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync();
            return Results.LocalRedirect(StaffSession.SignInPath);
        });

        // The language, kept in a cookie for a year, then back to the page it was chosen on.
        app.MapGet("/culture", (HttpContext context, string? culture, string? returnUrl) =>
        {
            if (culture is not null && Cultures.Supported.Contains(culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }

            return Results.LocalRedirect(LocalOrHome(returnUrl));
        });
    }

    /// <summary>A path on this site, or the home page: a return address never leads off-site.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
