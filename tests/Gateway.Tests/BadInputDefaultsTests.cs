using System.Net;
using System.Text;
using System.Text.Json;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Gateway.Tests;

/// <summary>
/// Bad input the edge corpus (tests/EndToEnd.Tests/EdgeCorpus) found answered with a 500, a bare status or a problem
/// without its correlation id, on a bare app with the services' HTTP defaults.
/// </summary>
public sealed class BadInputDefaultsTests : IAsyncLifetime
{
    private DefaultsApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await DefaultsApp.StartAsync(api =>
        {
            api.MapPost("/names", (NameBody body) => TypedResults.Ok(body.Name));
            api.MapGet("/missing", () => Problems.NotFound("Thing not found."));
        });
        _client = _app.Client;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_body_in_an_unknown_charset_is_a_415_problem()
    {
        using var content = new StringContent("{\"name\":\"a\"}");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=klingon");

        using var response = await _client.PostAsync("/names", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_wrong_media_type_on_a_route_open_to_anyone_is_a_415_problem_not_a_request_to_sign_in()
    {
        // The framework's 415 endpoint fell under the fallback policy, which asked for a token first (401).
        using var response = await _client.PostAsync("/names", new StringContent("{\"name\":\"a\"}", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_property_given_twice_is_a_400_problem()
    {
        using var response = await _client.PostAsync("/names", new StringContent("{\"name\":\"a\",\"name\":\"b\"}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/missing", HttpStatusCode.NotFound)]
    [InlineData("/nothing-here", HttpStatusCode.Unauthorized)]
    public async Task An_error_is_a_problem_with_the_correlation_id_whatever_the_client_accepts(string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", "application/pdf");

        using var response = await _client.SendAsync(request);

        await AssertProblemAsync(response, status);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)),
            problem.RootElement.GetProperty("correlationId").GetString());
    }

    private sealed record NameBody(string Name);
}
