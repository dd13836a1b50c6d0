using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;

namespace Clearhours.Web.Staff;

/// <summary>
/// A signed-in staff member, as the web app holds them: their name, their roles and the gateway's API token. The
/// whole session lives on the server (<see cref="DistributedTicketStore"/>); the browser's cookie carries only a key,
/// so no script in the browser ever sees the token. The session ends when the token does.
/// </summary>
public static class StaffSession
{
    public const string TokenClaim = "api_token";
    public const string SignInPath = "/signin";

    public static ClaimsPrincipal Principal(string userName, IEnumerable<string> roles, string token) =>
        new(new ClaimsIdentity(
            [
                new Claim(BuiltInIssuer.NameClaim, userName),
                new Claim(TokenClaim, token),
                .. roles.Select(role => new Claim(BuiltInIssuer.RoleClaim, role)),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme, BuiltInIssuer.NameClaim, BuiltInIssuer.RoleClaim));

    public static string? Token(ClaimsPrincipal? user) => user?.FindFirst(TokenClaim)?.Value;

    /// <summary>Whether the user may open screens of this policy (see <see cref="Policies"/>).</summary>
    public static bool May(this ClaimsPrincipal user, string policy) =>
        Policies.Roles[policy].Any(user.IsInRole);

    public static void AddStaffSessions(this IHostApplicationBuilder builder)
    {
        // A shared cache (Redis, SQL) replaces this one when the web app runs as several replicas.
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSingleton<DistributedTicketStore>();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = "/denied";
                options.Cookie.Name = "clearhours.staff";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = false;
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<DistributedTicketStore>((options, store) => options.SessionStore = store);
        builder.Services.AddCascadingAuthenticationState();
    }

    /// <summary>The current user, whether the page renders on the server or runs in a circuit.</summary>
    public static async Task<ClaimsPrincipal?> CurrentUserAsync(AuthenticationStateProvider? state, HttpContext? http)
    {
        if (state is not null)
        {
            try
            {
                return (await state.GetAuthenticationStateAsync()).User;
            }
            catch (InvalidOperationException)
            {
                // Outside a component's render (a minimal endpoint, a handler): the request's user is the answer.
            }
        }

        return http?.User;
    }

    public static AuthenticationProperties Properties(DateTimeOffset expiresAt) =>
        new() { ExpiresUtc = expiresAt, IsPersistent = false, AllowRefresh = false };
}
