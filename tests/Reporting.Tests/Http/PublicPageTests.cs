using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Clearhours.Reporting.Apis;
using Clearhours.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearhours.Reporting.Tests.Http;

/// <summary>The client's page over HTTP: what it shows of the approver, and what its token leaves in traces.</summary>
public sealed class PublicPageTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string ApproverEmail = "cleo@client.example";
    private const string ApproverAddress = "203.0.113.77";

    private ReportingApp _app = null!;

    public async Task InitializeAsync() => _app = await ReportingApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_public_page_shows_who_approved_but_never_their_email_or_address_which_stay_on_the_staff_card()
    {
        var sent = await _app.SentReportAsync();
        await ApproveAsync(sent);

        using var page = await _app.Anonymous.GetAsync(sent.Link.PublicPath);

        var body = await page.Content.ReadAsStringAsync();
        await ReportingApp.ExpectAsync(page, HttpStatusCode.OK);
        Assert.Contains("Cleo Client", body);
        Assert.DoesNotContain(ApproverEmail, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApproverAddress, body);
        var card = await ReportingApp.ReadAsync<ReportCard>(await _app.Manager.GetAsync($"/api/reports/{sent.Report.Id}"), HttpStatusCode.OK);
        Assert.Equal((ApproverEmail, ApproverAddress), (card.Approval?.Email, card.Approval?.Address));
    }

    [Fact]
    public async Task A_share_token_appears_in_no_span_name_or_tag_of_the_public_page_requests()
    {
        var sent = await _app.SentReportAsync();
        var token = sent.Link.Token;

        using (var page = await _app.Anonymous.GetAsync($"/api/public/reports/{token}?lang=en"))
        {
            await ReportingApp.ExpectAsync(page, HttpStatusCode.OK);
        }

        await ApproveAsync(sent);
        using (var shouted = await _app.Anonymous.GetAsync($"/API/Public/Reports/{token}"))
        {
            await ReportingApp.ExpectAsync(shouted, HttpStatusCode.OK);
        }

        // The server span ends just after its response goes out.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ServerSpans().Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(3, ServerSpans().Count);
        Assert.All(ServerSpans(), span => Assert.Contains("/api/public/reports/{token}", span.GetTagItem("url.path") as string, StringComparison.OrdinalIgnoreCase));
        foreach (var span in _app.Spans.Ended)
        {
            Assert.DoesNotContain(token, span.DisplayName);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain(token, tag.Value?.ToString() ?? ""));
        }
    }

    [Fact]
    public void No_request_log_line_or_request_path_scope_is_written_that_would_carry_a_token()
    {
        var loggers = _app.Service.Services.GetRequiredService<ILoggerFactory>();

        // The hosting logger writes "Request starting … <path>" and opens the RequestPath scope only when enabled at all.
        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.False(loggers.CreateLogger("Yarp.ReverseProxy.Forwarder.HttpForwarder").IsEnabled(LogLevel.Information));
    }

    /// <remarks>
    /// This app's only: tracing listens process-wide, so the spans of the apps of other test classes running meanwhile
    /// are recorded too.
    /// </remarks>
    private List<Activity> ServerSpans() =>
        [.. _app.Spans.Ended.Where(s => s.Kind == ActivityKind.Server
            && Equals(s.GetTagItem("server.port"), _app.Anonymous.BaseAddress!.Port)
            && (s.GetTagItem("url.path") as string ?? "").StartsWith("/api/public/", StringComparison.OrdinalIgnoreCase))];

    private async Task ApproveAsync(SentReport sent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{sent.Link.PublicPath}/approve")
        {
            Content = JsonContent.Create(new ApproveRequest("Cleo Client", ApproverEmail, sent.Report.SnapshotHash!)),
        };
        request.Headers.Add("X-Forwarded-For", ApproverAddress); // as the gateway passes the client's address on
        using var response = await _app.Anonymous.SendAsync(request);
        await ReportingApp.ExpectAsync(response, HttpStatusCode.OK);
    }
}
