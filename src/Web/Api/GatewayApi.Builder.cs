namespace Clearhours.Web.Api;

/// <summary>The report builder's and the leakage screen's calls (Tasks' lists, Reporting's preview, drafts, unbilled time).</summary>
public sealed partial class GatewayApi
{
    /// <summary>The largest page Tasks serves: an agency's clients and a client's projects fit in one.</summary>
    private const int ChoicesPageSize = 500;

    public Task<ApiResult<ChoicePage<ClientChoice>>> ClientChoicesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ChoicePage<ClientChoice>>($"api/companies?pageSize={ChoicesPageSize}", cancellationToken);

    public Task<ApiResult<ChoicePage<ProjectChoice>>> ProjectChoicesAsync(Guid companyId, CancellationToken cancellationToken = default) =>
        GetAsync<ChoicePage<ProjectChoice>>($"api/projects?companyId={companyId}&pageSize={ChoicesPageSize}", cancellationToken);

    public Task<ApiResult<List<WorkTypeChoice>>> WorkTypeChoicesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<WorkTypeChoice>>("api/tasks/work-types", cancellationToken);

    public Task<ApiResult<List<TaskStatusChoice>>> TaskStatusChoicesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<TaskStatusChoice>>("api/tasks/statuses", cancellationToken);

    public Task<ApiResult<PreviewAnswer>> PreviewReportAsync(PreviewRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PreviewAnswer>(HttpMethod.Post, "api/reports/preview", request, cancellationToken);

    public Task<ApiResult<DraftReport>> CreateDraftAsync(CreateDraftRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DraftReport>(HttpMethod.Post, "api/reports", request, cancellationToken);

    public Task<ApiResult<DraftReport>> ExcludeDraftLineAsync(Guid reportId, int lineNo, CancellationToken cancellationToken = default) =>
        SendAsync<DraftReport>(HttpMethod.Post, $"api/reports/{reportId}/lines/{lineNo}/exclude", null, cancellationToken);

    public Task<ApiResult<DraftReport>> AddDraftAdjustmentAsync(Guid reportId, AdjustmentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DraftReport>(HttpMethod.Post, $"api/reports/{reportId}/adjustments", request, cancellationToken);

    public Task<ApiResult<UnbilledReport>> UnbilledTimeAsync(int olderThanDays, CancellationToken cancellationToken = default) =>
        GetAsync<UnbilledReport>($"api/reports/unbilled?olderThanDays={olderThanDays}", cancellationToken);
}
