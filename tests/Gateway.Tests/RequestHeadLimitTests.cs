using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Gateway.Tests;

/// <summary>
/// Oversized headers and request lines, over real Kestrel: Kestrel's own refusal is a bare 431 or 414 without a
/// correlation id, so the pipeline refuses them first, as problems.
/// </summary>
public sealed class RequestHeadLimitTests
{
    [Fact]
    public async Task Headers_over_32_KB_are_a_431_problem_with_the_correlation_id()
    {
        await using var gateway = GatewayApp.Start(new Dictionary<string, string?>());
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/companies");
        request.Headers.Add("X-Correlation-Id", "huge-header-1");
        request.Headers.Add("X-Padding", new string('a', Pipeline.MaxRequestHeadersSize + 1));

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "huge-header-1");
    }

    [Fact]
    public async Task A_path_over_8_KB_is_a_414_problem_with_the_correlation_id()
    {
        await using var gateway = GatewayApp.Start(new Dictionary<string, string?>());
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/companies/" + new string('a', Pipeline.MaxRequestTargetLength));
        request.Headers.Add("X-Correlation-Id", "long-path-1");

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "long-path-1");
    }

    [Fact]
    public async Task Headers_just_under_the_limit_pass()
    {
        await using var gateway = GatewayApp.Start(new Dictionary<string, string?>());
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/companies");
        request.Headers.Add("X-Padding", new string('a', Pipeline.MaxRequestHeadersSize - 1024));

        using var response = await client.SendAsync(request);

        // No token: the request got past the limits to the authorization check.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string correlationId)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(correlationId, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(correlationId, problem.RootElement.GetProperty("correlationId").GetString());
    }
}
