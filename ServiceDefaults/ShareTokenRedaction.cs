using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A share token in a path is the client's only credential for its report: it must never reach a trace, a log or a
/// metric, where anyone with the dashboard could open the report with it. Paths keep their shape with the token
/// replaced, e.g. /api/public/reports/{token}/approve.
/// </summary>
public static partial class ShareTokenRedaction
{
    public const string PublicReportsPath = "/api/public/reports/";

    public static string Redact(string value) =>
        value.Contains(PublicReportsPath, StringComparison.OrdinalIgnoreCase) ? TokenSegment().Replace(value, "$1{token}") : value;

    // Routing ignores case, so /API/Public/Reports/<token> opens the report as well.
    [GeneratedRegex("(/api/public/reports/)[^/?#]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenSegment();
}

/// <summary>
/// Rewrites every span as it ends, before any exporter sees it: the incoming request's url.path and url.full, the
/// proxy's outgoing url.full, and the display name (http.route is already a template).
/// </summary>
public sealed class ShareTokenRedactingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        data.DisplayName = ShareTokenRedaction.Redact(data.DisplayName);
        List<KeyValuePair<string, string>>? redacted = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is string text && ShareTokenRedaction.Redact(text) is var safe && !ReferenceEquals(safe, text))
            {
                (redacted ??= []).Add(new(key, safe));
            }
        }

        foreach (var (key, value) in redacted ?? [])
        {
            data.SetTag(key, value);
        }
    }
}
