using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearhours.AppHost;

/// <summary>
/// A service's /health as the dashboard shows it: Healthy, Degraded or Unhealthy as the service reports it. ASP.NET
/// Core answers 200 for Degraded as for Healthy, and WithHttpHealthCheck takes any 200 for Healthy, so the answer's
/// word decides here (the default writer answers just that word).
/// </summary>
public static class HealthReport
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static IResourceBuilder<T> WithHealthReport<T>(this IResourceBuilder<T> builder, string path) where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.GetEndpoint("http");
        var key = $"{builder.Resource.Name}_health_report";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            using var response = await Client.GetAsync(new Uri(new Uri(endpoint.Url), path), cancellationToken);
            var word = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return (word, response.IsSuccessStatusCode) switch
            {
                ("Healthy", true) => HealthCheckResult.Healthy(),
                ("Degraded", true) => HealthCheckResult.Degraded($"{path} says Degraded: outbox backlog, error queue or parked rows; see the service's log."),
                _ => HealthCheckResult.Unhealthy($"{path} answered {(int)response.StatusCode} {word}"),
            };
        });
        return builder.WithHealthCheck(key);
    }
}
