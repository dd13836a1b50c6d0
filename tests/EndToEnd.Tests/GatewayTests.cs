using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class GatewayTests(SystemFixture system, ITestOutputHelper output)
{
    [Theory]
    [InlineData("tasks-api")]
    [InlineData("reporting-api")]
    [InlineData("billing-api")]
    [InlineData("documents-api")]
    [InlineData("web")]
    public async Task Each_service_reports_every_check_healthy(string resource)
    {
        output.WriteLine($"All {SystemFixture.Resources.Length} resources healthy after {system.StartedIn.TotalSeconds:F1} s");
        // Services' health is not routed through the gateway: it is for the orchestrator, not the public.
        using var client = system.App.CreateHttpClient(resource, "http");
        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/companies")]
    [InlineData("/api/reports")]
    public async Task A_staff_call_reaches_the_service_that_owns_its_path(string path)
    {
        using var manager = await system.StaffClientAsync("manager");
        using var response = await manager.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.ValueKind);
    }

    [Fact]
    public async Task A_path_nothing_serves_is_a_404_problem()
    {
        using var response = await system.Gateway.GetAsync("/api/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
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
