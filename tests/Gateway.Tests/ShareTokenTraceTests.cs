using System.Diagnostics;

namespace Clearhours.Gateway.Tests;

/// <summary>What a public-page request through the gateway leaves in its traces.</summary>
public sealed class ShareTokenTraceTests
{
    [Fact]
    public async Task A_share_token_appears_in_no_span_name_or_tag_of_the_gateway_or_its_call_upstream()
    {
        const string token = "Zk9yZ2VkLXRva2VuLW5vdC1pbi1hbnktc3Bhbg";
        await using var gateway = GatewayApp.Start(new Dictionary<string, string?>());
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync($"/api/public/reports/{token}/approve?x=1");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Spans(gateway, ActivityKind.Server).Any(s => (s.GetTagItem("url.path") as string ?? "").EndsWith("{token}/approve"))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // Every host in the process records every span, so this request's are found by their (redacted) path.
        var incoming = Assert.Single(Spans(gateway, ActivityKind.Server), s => (s.GetTagItem("url.path") as string ?? "").EndsWith("{token}/approve"));
        Assert.Equal("/api/public/reports/{token}/approve", incoming.GetTagItem("url.path"));
        var upstream = Assert.Single(Spans(gateway, ActivityKind.Client), s => (s.GetTagItem("url.full") as string ?? "").Contains(":9/"));
        Assert.Contains("/api/public/reports/{token}/approve", upstream.GetTagItem("url.full") as string);
        lock (gateway.Spans)
        {
            foreach (var span in gateway.Spans)
            {
                Assert.DoesNotContain(token, span.DisplayName);
                Assert.All(span.TagObjects, tag => Assert.DoesNotContain(token, tag.Value?.ToString() ?? ""));
            }
        }
    }

    private static List<Activity> Spans(GatewayApp gateway, ActivityKind kind)
    {
        lock (gateway.Spans)
        {
            return [.. gateway.Spans.Where(s => s.Kind == kind)];
        }
    }
}
