using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;

namespace Clearhours.Documents.Tests.Http;

/// <summary>
/// Plays Reporting's public page for the share-token check (the end-to-end suite asks the real one): a token the test
/// gave a report opens it, any other is a 404; Down makes Reporting unreachable.
/// </summary>
public sealed class ReportingLinks : HttpMessageHandler
{
    private const string PublicReports = "/api/public/reports/";

    public ConcurrentDictionary<string, Guid> Tokens { get; } = new();

    public bool Down { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new HttpRequestException("reporting-api refused the connection");
        }

        var path = request.RequestUri!.AbsolutePath;
        var token = path.StartsWith(PublicReports, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[PublicReports.Length..]) : null;
        return Task.FromResult(request.Method == HttpMethod.Get && token is not null && Tokens.TryGetValue(token, out var reportId)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { reportId, number = "R-2026-0007" }) }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
