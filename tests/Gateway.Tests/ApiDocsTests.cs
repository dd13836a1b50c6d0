using System.Net;

namespace Clearhours.Gateway.Tests;

/// <summary>An integrator reads and tries every service's API in a browser, at the gateway, without signing in first.</summary>
public sealed class ApiDocsTests
{
    [Fact]
    public async Task Api_docs_is_a_public_page_that_lists_every_services_document_and_serves_its_script()
    {
        await using var gateway = GatewayApp.Start(new Dictionary<string, string?>());
        using var client = gateway.CreateClient();

        using var page = await client.GetAsync("/api-docs/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        foreach (var service in new[] { "tasks", "reporting", "billing", "documents", "gateway" })
        {
            // Relative to the site's root: the page's script resolves it to /openapi/{service}.json at this gateway.
            Assert.Contains($"\"url\":\"openapi/{service}.json\"", html);
        }

        Assert.Contains("\"servers\":[{\"url\":\"/\"", html); // tried through this gateway, never a service's own address
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        using var js = await client.GetAsync(new Uri(page.RequestMessage!.RequestUri!, script));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode); // bundled with the package: nothing is fetched from outside
        Assert.DoesNotContain("/api-docs", await client.GetStringAsync("/openapi/gateway.json")); // a page, not an operation
    }
}
