using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>The gateway as the web app sees it: answers set per method and path, and every request it was sent.</summary>
public sealed class FakeGateway : HttpMessageHandler
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, Func<HttpResponseMessage>> answers = [];

    public List<(string Method, string Path, string? Body, string? CorrelationId, string? Authorization, string? ForwardedFor)> Requests { get; } = [];

    public void Answer(HttpMethod method, string path, HttpStatusCode status, object? body = null) =>
        answers[$"{method} {path}"] = () => new HttpResponseMessage(status)
        {
            Content = body is null ? new StringContent("") : JsonContent.Create(body, body.GetType(), options: Json),
        };

    public void Problem(HttpMethod method, string path, HttpStatusCode status, string title, string correlationId) =>
        answers[$"{method} {path}"] = () => new HttpResponseMessage(status)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { type = "about:blank", title, status = (int)status, correlationId }),
                System.Text.Encoding.UTF8, "application/problem+json"),
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var authorization = request.Headers.Authorization?.ToString();
        var forwardedFor = request.Headers.TryGetValues("X-Forwarded-For", out var addresses) ? string.Join(",", addresses) : null;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var correlationId = request.Headers.TryGetValues("X-Correlation-Id", out var ids) ? ids.First() : null;
        lock (Requests)
        {
            Requests.Add((request.Method.Method, path, body, correlationId, authorization, forwardedFor));
        }

        return answers.TryGetValue($"{request.Method} {path}", out var answer)
            ? answer()
            : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("") };
    }
}

/// <summary>A report as Reporting sends it: one billed line, one line not billed, one adjustment.</summary>
public static class Reports
{
    public const string Token = "tok-123";
    public const string Path = "/api/public/reports/tok-123";
    public static readonly string Hash = new('a', 64);

    public const string AgencyPath = "/api/public/agency";

    public static readonly AgencyLook Agency = new("Studio North", "#0f6cbd", "/api/public/agency/logo?v=4");

    public static PublicReport Sent(string status = "Sent", IReadOnlyList<PublicDocument>? documents = null, PublicApproval? approval = null) => new(
        "R-2026-001", "October", "Acme LLC",
        new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "BYN",
        [
            new PublicLine(Guid.NewGuid(), "WEB-1", "Checkout page", "https://planner.example/WEB-1", "Development", 750, 100,
                750, 12.5m, 98.76m, 1234.50m, null, true),
            new PublicLine(Guid.NewGuid(), "WEB-2", "Internal demo", null, "Meetings", 90, 0, 0, 0m, 98.76m, 0m,
                "Internal meeting", false),
        ],
        [new Adjustment(3, "Loyalty discount", -34.50m, "Agreed in September")],
        new ReportTotals(14m, 12.5m, 1.5m, 1200m, "BYN"), Hash, status, status == "Sent", approval,
        new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
        [1, 2], Guid.NewGuid(), documents ?? []);
}
