using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests;

/// <summary>The payment webhook through the gateway: no staff token, the call reaches Billing, which judges its signature.</summary>
[Collection(nameof(SystemCollection))]
public sealed class PaymentWebhookGatewayTests(SystemFixture system)
{
    [Fact]
    public async Task An_unsigned_webhook_call_passes_the_gateway_and_is_refused_by_billing_with_its_reason()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/webhook/no-such-provider")
        {
            Content = new StringContent("""{"externalId": "X-1"}""", Encoding.UTF8, "application/json"),
        };

        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        // Billing's answer, not the gateway's: the gateway's own 401 knows nothing of webhook secrets.
        Assert.Contains("No webhook secret is configured for the source 'no-such-provider'", problem.GetProperty("detail").GetString());
    }
}
