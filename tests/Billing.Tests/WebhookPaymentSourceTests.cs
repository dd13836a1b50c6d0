using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Billing.Payments;
using Clearhours.Billing.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Tests;

/// <summary>POST /api/payments/webhook/{source}: a provider's payment notice, authenticated by its HMAC signature alone.</summary>
public sealed class WebhookPaymentSourceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string Secret = "whsec-provider-tests-0123456789abcdef";

    private BillingApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await BillingApp.StartAsync(servers, new Dictionary<string, string> { ["Billing:Webhooks:paybox:Secret"] = Secret });
        _client = _app.Service.CreateClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_webhook_with_a_good_signature_is_applied_under_the_source_of_its_route()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);

        using var response = await SendAsync("paybox", Body("W-1", invoice.PaymentReference, "400.00", source: "someone-else"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Applied", "paybox", 400m), (receipt.GetProperty("outcome").GetString(), receipt.GetProperty("payment").GetProperty("source").GetString(),
            receipt.GetProperty("payment").GetProperty("appliedAmount").GetDecimal()));
        Assert.Equal(400m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        await using var db = _app.NewDbContext();
        var payment = await db.Payments.SingleAsync();
        Assert.Equal(("paybox", "W-1", new DateTimeOffset(2026, 11, 30, 13, 20, 0, TimeSpan.Zero)), (payment.Source, payment.ExternalId, payment.PaidAt));
    }

    [Fact]
    public async Task A_replayed_call_is_refused_and_a_retry_signed_again_is_a_duplicate_with_no_second_effect()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var body = Body("W-2", invoice.Number, "300");
        var timestamp = Now().ToUnixTimeSeconds().ToString();

        using var first = await SendAsync("paybox", body, timestamp);
        using var replayed = await SendAsync("paybox", body, timestamp);
        _app.Clock.Now += TimeSpan.FromSeconds(30);
        using var retried = await SendAsync("paybox", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertUnauthorizedAsync(replayed, "received before");
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(nameof(PaymentOutcomeKind.Duplicate), (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(300m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
    }

    [Theory]
    [InlineData("wrong-secret", 0, "does not match")]
    [InlineData("tampered", 0, "does not match")]
    [InlineData("garbled", 0, "64 hex digits")]
    [InlineData("missing", 0, "64 hex digits")]
    [InlineData("good", -301, "off this server's clock")]
    [InlineData("good", 301, "off this server's clock")]
    public async Task A_badly_signed_old_or_future_call_gets_401_and_changes_nothing(string signature, int secondsOff, string reason)
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var body = Body("W-3", invoice.PaymentReference, "100");
        var timestamp = (Now().ToUnixTimeSeconds() + secondsOff).ToString();
        var header = signature switch
        {
            "wrong-secret" => WebhookSignature.Sign("another-secret", timestamp, Encoding.UTF8.GetBytes(body)),
            "tampered" => WebhookSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body.Replace("100", "900"))),
            "garbled" => "sha256=not-hex",
            "missing" => null,
            _ => WebhookSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)),
        };

        using var response = await PostAsync("paybox", body, timestamp, header);

        await AssertUnauthorizedAsync(response, reason);
        await AssertNothingReceivedAsync(invoice);
    }

    [Theory]
    [InlineData("unknown-bank")]
    [InlineData("bad:source")]
    public async Task A_call_for_a_source_without_a_secret_gets_401(string source)
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var body = Body("W-4", invoice.PaymentReference, "100");
        var timestamp = Now().ToUnixTimeSeconds().ToString();

        using var response = await PostAsync(source, body, timestamp, WebhookSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));

        await AssertUnauthorizedAsync(response, "No webhook secret");
        await AssertNothingReceivedAsync(invoice);
    }

    [Theory]
    [InlineData("{\"externalId\": \"W-5\", \"amount\": ", "body")]
    [InlineData("amount:-1", "amount")]
    [InlineData("amount:1e30", "amount")]
    [InlineData("amount:12.345", "amount")]
    [InlineData("amount:\"12.50\"", "amount")]
    [InlineData("currency", "currency")]
    [InlineData("no-reference", "reference")]
    public async Task A_well_signed_call_whose_body_is_not_a_payment_gets_400_with_the_field_and_changes_nothing(string bad, string field)
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var body = bad switch
        {
            "currency" => Body("W-5", invoice.PaymentReference, "100").Replace("\"BYN\"", "\"ZZZ\""),
            "no-reference" => Body("W-5", invoice.PaymentReference, "100").Replace($"\"reference\": \"{invoice.PaymentReference}\",", ""),
            _ when bad.StartsWith("amount:", StringComparison.Ordinal) => Body("W-5", invoice.PaymentReference, bad["amount:".Length..]),
            _ => bad,
        };

        using var response = await SendAsync("paybox", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        await AssertNothingReceivedAsync(invoice);
    }

    [Fact]
    public void The_signature_is_the_one_the_readme_recipe_makes_with_openssl()
    {
        // printf '%s.%s' 1764583200 '{"a":1}' | openssl dgst -sha256 -hmac 'the source secret' -hex
        Assert.Equal("sha256=a67337b85603338f14b5824c966806a8e060b6414f45a6a56013ceaea22f9704",
            WebhookSignature.Sign("the source secret", "1764583200", "{\"a\":1}"u8));
    }

    private DateTimeOffset Now() => _app.Clock.GetUtcNow();

    private Task<HttpResponseMessage> SendAsync(string source, string body, string? timestamp = null)
    {
        timestamp ??= Now().ToUnixTimeSeconds().ToString();
        return PostAsync(source, body, timestamp, WebhookSignature.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    private async Task<HttpResponseMessage> PostAsync(string source, string body, string timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/webhook/{Uri.EscapeDataString(source)}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        if (signature is not null)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, signature);
        }

        return await _client.SendAsync(request);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private async Task AssertNothingReceivedAsync(Invoice invoice)
    {
        Assert.Equal(0m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        await using var db = _app.NewDbContext();
        Assert.False(await db.Payments.AnyAsync());
    }

    private static string Body(string externalId, string reference, string amount, string source = "paybox") => $$"""
        {"source": "{{source}}", "externalId": "{{externalId}}", "reference": "{{reference}}", "amount": {{amount}}, "currency": "BYN",
         "paidAt": "2026-11-30T16:20:00+03:00", "payerName": "ООО «Акме»", "payerAccount": "BY20ALFA30120000000000000000", "purpose": "Оплата"}
        """;
}
