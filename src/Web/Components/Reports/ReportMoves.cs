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
