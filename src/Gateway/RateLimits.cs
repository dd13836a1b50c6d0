using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Clearhours.Gateway;

/// <summary>Per client address limits on the routes anyone can call: 429 with Retry-After, never 503.</summary>
public static class RateLimits
{
    public const string PublicPolicy = "public";
    public const string TokenPolicy = "token";

    public static void AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("RateLimits");
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests.",
                    detail: $"Try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} s.").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(PublicPolicy, http => PerClient(http, settings.GetValue("Public:PerMinute", 60)));
            options.AddPolicy(TokenPolicy, http => PerClient(http, settings.GetValue("Token:PerMinute", 10)));
        });
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
