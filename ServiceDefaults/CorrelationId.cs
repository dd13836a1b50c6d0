using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every request carries an X-Correlation-Id: the caller's when it sent one, otherwise the trace id.
/// It goes back in the response, onto the trace, into log scopes and on to the next hop.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 128;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var correlationId = From(context);
            context.Request.Headers[HeaderName] = correlationId;
            context.Items[HeaderName] = correlationId;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = correlationId;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("correlation.id", correlationId);

            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Clearhours.Correlation");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId }))
            {
                await next(context);
            }
        });

    /// <summary>The correlation id of the current request (set by <see cref="UseCorrelationId"/>).</summary>
    public static string? Get(HttpContext context) => context.Items[HeaderName] as string;

    private static string From(HttpContext context)
    {
        var given = context.Request.Headers[HeaderName].ToString();
        // A caller's id is echoed only when it is short and printable; anything else is replaced.
        if (given.Length is > 0 and <= MaxLength && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return given;
        }

        return Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
    }
}
