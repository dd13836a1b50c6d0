using System.Security.Cryptography;

namespace Clearhours.Web;

/// <summary>
/// A strict policy: scripts and styles from 'self' only. The one exception is the agency's accent colour, a style
/// block carrying this response's nonce, so no inline style without it (and no eval) ever runs.
/// </summary>
public static class ContentSecurityPolicy
{
    private const string NonceKey = "csp-nonce";

    public static IApplicationBuilder UseContentSecurityPolicy(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; " +
                "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });

    public static string? Nonce(HttpContext? context) => context?.Items[NonceKey] as string;
}
