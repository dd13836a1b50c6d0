using System.Net;

namespace Clearhours.Documents.Infrastructure;

/// <summary>
/// Asks Reporting which report a client's share token opens. A synchronous call between services, the exception the
/// architecture allows with a reason: the token is Reporting's secret (it stores only the hash), and the rules of a
/// live link (expiry, withdrawal, a cancelled report) live once, behind Reporting's public endpoint.
/// </summary>
public sealed class ShareLinkResolver(HttpClient http)
{
    /// <summary>The report the token opens, or null for a wrong, expired or withdrawn one.</summary>
    public async Task<Guid?> ReportOfAsync(string token, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/public/reports/{Uri.EscapeDataString(token)}", cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<SharedReport>(cancellationToken);
        return report?.ReportId;
    }

    private sealed record SharedReport(Guid ReportId);
}
