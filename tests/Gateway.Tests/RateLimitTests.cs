using System.Net;

namespace Clearhours.Gateway.Tests;

/// <summary>Per-client limits on public routes, behind a load balancer and in front of anyone who forges its headers.</summary>
public sealed class RateLimitTests
{
    private const int PerMinute = 3;

    [Fact]
    public async Task From_a_trusted_proxy_each_forwarded_client_gets_its_own_bucket()
    {
        await using var gateway = GatewayApp.Start(Settings(trustLoopback: true));
        using var client = gateway.CreateClient();

        for (var i = 0; i < PerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await PublicPageAsync(client, "198.51.100.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PublicPageAsync(client, "198.51.100.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await PublicPageAsync(client, "198.51.100.2"));
    }

    [Fact]
    public async Task From_an_untrusted_address_X_Forwarded_For_is_ignored_so_forging_it_does_not_dodge_the_limit()
    {
        await using var gateway = GatewayApp.Start(Settings(trustLoopback: false));
        using var client = gateway.CreateClient();

        for (var i = 0; i < PerMinute; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await PublicPageAsync(client, $"198.51.100.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await PublicPageAsync(client, "198.51.100.99"));
    }

    private static Dictionary<string, string?> Settings(bool trustLoopback)
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:Public:PerMinute"] = PerMinute.ToString() };
        if (trustLoopback)
        {
            settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
            settings["ForwardedHeaders:KnownProxies:1"] = "::1";
        }

        return settings;
    }

    private static async Task<HttpStatusCode> PublicPageAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/reports/some-token");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
