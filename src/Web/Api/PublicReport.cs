namespace Clearhours.Web.Api;

// The client's page as Reporting's GET /api/public/reports/{token} returns it (see ShareLinksApi.PublicReport).

/// <summary>The agency as its page shows it (Documents' GET /api/public/agency): the profile the documents print.</summary>
public sealed record AgencyLook(string Name, string AccentColor, string? LogoPath)
{
    /// <summary>While Documents does not answer: the page still shows the report, in the product's own colours.</summary>
    public static readonly AgencyLook Plain = new("", "#1d3557", null);
}

public sealed record PublicApproval(string Name, DateTimeOffset At, string Hash);

public sealed record PublicDocument(Guid DocumentId, string Kind, string FileName, int Version, DateTimeOffset CreatedAt, string DownloadPath);

public sealed record PublicLine(
    Guid TaskId, string? TaskKey, string Title, string? TaskUrl, string WorkType, int ActualMinutes, int BillablePercent,
    int BilledMinutes, decimal BilledHours, decimal? Rate, decimal Amount, string? NonBillableReason, bool Billable)
{
    public decimal ActualHours => ActualMinutes / 60m;
}

public sealed record Adjustment(int No, string Description, decimal Amount, string Reason);

public sealed record ReportTotals(decimal ActualHours, decimal BilledHours, decimal NonBillableHours, decimal Amount, string Currency);

public sealed record PublicReport(
    string Number, string Title, string Client, DateOnly From, DateOnly To, string Currency,
    IReadOnlyList<PublicLine> Lines, IReadOnlyList<Adjustment> Adjustments, ReportTotals Totals, string Hash, string Status,
    bool CanApprove, PublicApproval? Approval, DateTimeOffset SentAt, DateTimeOffset LinkExpiresAt, IReadOnlyList<int> LineNumbers,
    Guid ReportId, IReadOnlyList<PublicDocument> Documents);

public sealed record ApproveRequest(string Name, string Email, string Hash);

public sealed record RequestChangesRequest(string Comment, string? Name, IReadOnlyList<int> Lines);
