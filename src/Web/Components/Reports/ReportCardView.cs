using System.Globalization;
using Clearhours.Web.Api;

namespace Clearhours.Web.Components.Reports;

/// <summary>How the report card reads Reporting's answer: lines by task, the disputed ones, what may be changed.</summary>
public static class ReportCardView
{
    /// <summary>The lines grouped by task, the tasks in the order they first appear, each task's lines in their order.</summary>
    public static IReadOnlyList<CardLine> GroupedByTask(IEnumerable<CardLine> lines) =>
        [.. lines.Select((line, index) => (line, index))
            .GroupBy(l => l.line.Line.TaskId)
            .OrderBy(g => g.Min(l => l.index))
            .SelectMany(g => g.OrderBy(l => l.index).Select(l => l.line))];

    /// <summary>
    /// The lines the client disputed in their latest request, while the report is with the manager to revise (asked
    /// for changes, or reopened since); once sent again, the client's new answer is what counts.
    /// </summary>
    public static IReadOnlySet<int> Disputed(ReportCard card) =>
        card.Status is ReportStatus.ChangesRequested or ReportStatus.Draft && card.ChangeRequests.LastOrDefault() is { } request
            && !card.History.Any(h => h.To == ReportStatus.Sent && h.At > request.At)
            ? request.Lines.ToHashSet()
            : new HashSet<int>();

    /// <summary>Reporting lets a draft's lines and adjustments change until the report is sent.</summary>
    public static bool IsEditable(ReportStatus status) => status is ReportStatus.Draft or ReportStatus.ChangesRequested;

    /// <summary>
    /// A client link shows the frozen snapshot: a report sent at least once and still out with the client (a recalled
    /// draft's snapshot is what the manager took back, a cancelled report's link opens nothing).
    /// </summary>
    public static bool HasClientLink(ReportCard card) =>
        card.SnapshotHash is not null && card.Status is not (ReportStatus.Draft or ReportStatus.Cancelled);

    /// <summary>A moment on the card, in the page's culture, in UTC (the staff work across time zones).</summary>
    public static string When(DateTimeOffset at, CultureInfo? culture = null)
    {
        var utc = at.UtcDateTime;
        return $"{Cultures.Date(DateOnly.FromDateTime(utc), culture)} {utc.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";
    }
}
