using Clearhours.Web.Api;

namespace Clearhours.Web.Components.Reports;

/// <summary>What a manager may do with a report from its card: each sends one of Reporting's moves.</summary>
public enum ReportMove
{
    Send,
    Recall,
    Cancel,
    Reopen,

    /// <summary>A new client link for a sent report; the previous one stops working.</summary>
    ResendLink,

    /// <summary>The client's links stop working.</summary>
    RevokeLink,
}

public static class ReportMoves
{
    /// <summary>
    /// The buttons a report in this status offers, after the kanban's arrows in Reporting. The API still decides: an
    /// approved report is cancelled by an admin only, and whatever it refuses is shown with its reason.
    /// </summary>
    public static IReadOnlyList<ReportMove> For(ReportStatus status) => status switch
    {
        ReportStatus.Draft => [ReportMove.Send, ReportMove.Cancel],
        ReportStatus.Sent => [ReportMove.Recall, ReportMove.Cancel],
        ReportStatus.ChangesRequested => [ReportMove.Reopen, ReportMove.Cancel],
        ReportStatus.Approved => [ReportMove.Cancel],
        _ => [],
    };

    /// <summary>Recall and cancel keep a reason in the report's history: the API refuses them without one.</summary>
    public static bool NeedsReason(this ReportMove move) => move is ReportMove.Recall or ReportMove.Cancel;
}

public static class BoardColumns
{
    /// <summary>
    /// The board of the reports a filtered search found: a column per status in the kanban's order, its count and its
    /// sums per currency over those reports (the board API's own figures cover every client and period).
    /// </summary>
    public static IReadOnlyList<BoardColumn> Of(IEnumerable<ReportSummary> reports)
    {
        var byStatus = reports.ToLookup(r => r.Status);
        return [.. Enum.GetValues<ReportStatus>().Select(status =>
        {
            var cards = byStatus[status].ToList();
            return new BoardColumn(status, cards.Count,
                [.. cards.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CurrencySum(g.Key, g.Sum(c => c.Amount)))],
                cards);
        })];
    }

    /// <summary>
    /// When the report was created. Reporting gives its reports UUIDv7 ids (RFC 9562), whose first 48 bits are the
    /// creation time in Unix milliseconds; the board's summaries carry no date of their own.
    /// </summary>
    public static DateTimeOffset? CreatedAt(Guid id) =>
        id.Version == 7
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id.ToString("N")[..12], System.Globalization.NumberStyles.HexNumber))
            : null;

    /// <summary>Whole days since the report was created; null for an id that carries no time.</summary>
    public static int? AgeInDays(Guid id, DateTimeOffset now) => CreatedAt(id) is { } created ? (int)(now - created).TotalDays : null;
}
