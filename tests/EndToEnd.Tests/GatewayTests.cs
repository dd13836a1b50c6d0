using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class GatewayTests(SystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public void Every_resource_of_the_AppHost_becomes_healthy()
    {
        // The fixture waited for each one; this records how long the whole system took.
        output.WriteLine($"All {SystemFixture.Resources.Length} resources healthy after {system.StartedIn.TotalSeconds:F1} s");
        Assert.NotNull(system.App);
    }

    [Theory]
    [InlineData("tasks")]
    [InlineData("reporting")]
    [InlineData("billing")]
    [InlineData("documents")]
    public async Task Each_service_answers_with_its_OpenAPI_document_through_the_gateway(string service)
    {
        using var response = await system.Gateway.GetAsync($"/openapi/{service}.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.Contains($"Clearhours.{char.ToUpperInvariant(service[0])}{service[1..]}",
            document.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_gateway_answers_its_own_health_check()
    {
        using var response = await system.Gateway.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_other_path_goes_to_the_web_frontend()
    {
        using var response = await system.Gateway.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Clearhours</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateway_returns_the_callers_correlation_id_and_makes_one_when_there_is_none()
    {
        using var given = new HttpRequestMessage(HttpMethod.Get, "/openapi/tasks.json");
        given.Headers.Add("X-Correlation-Id", "order-42");
        using var withId = await system.Gateway.SendAsync(given);
        using var withoutId = await system.Gateway.GetAsync("/openapi/tasks.json");

        Assert.Equal("order-42", Assert.Single(withId.Headers.GetValues("X-Correlation-Id")));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(withoutId.Headers.GetValues("X-Correlation-Id")));
    }
}
