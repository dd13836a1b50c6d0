using System.Security.Cryptography;

namespace Clearhours.Web;

/// <summary>
/// A strict policy: scripts and styles from 'self' only, no eval. The nonce is for the style elements Fluent UI's
/// scripts add (they read it from the page's csp-nonce meta); the agency's colour is a stylesheet. Signed-in staff
/// screens also allow style attributes (style-src-attr): the Fluent UI components size their columns and stacks
/// with them. No script or style element is allowed by it, and the anonymous pages (the client's, the sign-in) never
/// get it.
/// </summary>
public static class ContentSecurityPolicy
{
    private const string NonceKey = "csp-nonce";

    public static IApplicationBuilder UseContentSecurityPolicy(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.OnStarting(() =>
            {
                var staff = context.User.Identity?.IsAuthenticated == true ? " style-src-attr 'unsafe-inline';" : "";
                context.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}';{staff} img-src 'self' data:; " +
                    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });

    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;
}
