namespace Clearhours.Web.Api;

// The board's and the report card's calls: Reporting's reports and share links, Tasks' companies for the filter,
// Billing's invoice and Documents' signing for the card.
public sealed partial class GatewayApi
{
    /// <summary>The most a list API serves at once: a filtered board's reports, the filter's clients.</summary>
    public const int ReportsPageSize = 500;

    public Task<ApiResult<IReadOnlyList<BoardColumn>>> ReportBoardAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<BoardColumn>>("api/reports/board", cancellationToken);

    public Task<ApiResult<ReportSearchPage>> SearchReportsAsync(ReportSearch search, CancellationToken cancellationToken = default) =>
        GetAsync<ReportSearchPage>("api/reports" + search.Query(), cancellationToken);

    public Task<ApiResult<ReportCard>> ReportAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<ReportCard>($"api/reports/{id}", cancellationToken);

    public Task<ApiResult<SentReport>> SendReportAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<SentReport>(HttpMethod.Post, $"api/reports/{id}/send", null, cancellationToken);

    public Task<ApiResult<ReportCard>> RecallReportAsync(Guid id, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<ReportCard>(HttpMethod.Post, $"api/reports/{id}/recall", new { reason }, cancellationToken);

    public Task<ApiResult<ReportCard>> CancelReportAsync(Guid id, string comment, CancellationToken cancellationToken = default) =>
        SendAsync<ReportCard>(HttpMethod.Post, $"api/reports/{id}/cancel", new { comment }, cancellationToken);

    public Task<ApiResult<ReportCard>> ReopenReportAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<ReportCard>(HttpMethod.Post, $"api/reports/{id}/reopen", null, cancellationToken);

    public Task<ApiResult<ReportCard>> SetLineExcludedAsync(Guid id, int no, bool excluded, CancellationToken cancellationToken = default) =>
        SendAsync<ReportCard>(HttpMethod.Post, $"api/reports/{id}/lines/{no}/{(excluded ? "exclude" : "include")}", null, cancellationToken);

    public Task<ApiResult<ReportCard>> AddAdjustmentAsync(Guid id, AdjustmentRequest adjustment, CancellationToken cancellationToken = default) =>
        SendAsync<ReportCard>(HttpMethod.Post, $"api/reports/{id}/adjustments", adjustment, cancellationToken);

    public Task<ApiResult<ShareLinkCreated>> RotateShareLinkAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<ShareLinkCreated>(HttpMethod.Post, $"api/reports/{id}/share-link", null, cancellationToken);

    public Task<ApiResult<Empty>> RevokeShareLinkAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<Empty>(HttpMethod.Delete, $"api/reports/{id}/share-link", null, cancellationToken);

    public Task<ApiResult<ReportClientPage>> ReportClientsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ReportClientPage>($"api/companies?pageSize={ReportsPageSize}", cancellationToken);

    public Task<ApiResult<ReportInvoicePage>> ReportInvoicesAsync(Guid reportId, CancellationToken cancellationToken = default) =>
        GetAsync<ReportInvoicePage>($"api/invoices?reportId={reportId}", cancellationToken);

    /// <summary>The client signed an invoice or act: the scan goes with it (Documents stores it as a signed-scan).</summary>
    public Task<ApiResult<Empty>> UploadSignedScanAsync(Guid documentId, Stream scan, string fileName, string contentType, string? comment,
        CancellationToken cancellationToken = default) =>
        UploadAsync<Empty>($"api/documents/{documentId}/signed", scan, fileName, contentType, "scan",
            comment is { Length: > 0 } ? new Dictionary<string, string> { ["comment"] = comment } : null, cancellationToken);
}

/// <summary>The search's filters, as GET /api/reports takes them.</summary>
public sealed record ReportSearch(Guid? CompanyId = null, ReportStatus? Status = null, DateOnly? From = null, DateOnly? To = null,
    string? Number = null, int Page = 1, int PageSize = ReportSearch.DefaultPageSize)
{
    public const int DefaultPageSize = 50;

    public string Query()
    {
        var parts = new List<string>();
        if (CompanyId is { } company) parts.Add($"companyId={company}");
        if (Status is { } status) parts.Add($"status={status}");
        if (From is { } from) parts.Add($"from={from:yyyy-MM-dd}");
        if (To is { } to) parts.Add($"to={to:yyyy-MM-dd}");
        if (!string.IsNullOrWhiteSpace(Number)) parts.Add($"number={Uri.EscapeDataString(Number.Trim())}");
        parts.Add($"page={Page}");
        parts.Add($"pageSize={PageSize}");
        return "?" + string.Join("&", parts);
    }
}
