using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Web.Api;

/// <summary>Reference data (Tasks: companies, projects, tasks, time, import) and the agency profile (Documents).</summary>
public sealed partial class GatewayApi
{
    public const int ListSize = 500; // the most a list serves in one page: enough for every client in a picker

    public Task<ApiResult<Page<Company>>> CompaniesAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<Page<Company>>("api/companies" + QueryString.Of(("search", search),
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<Saved<Company>> SaveCompanyAsync(Guid? id, CompanyRequest request, CancellationToken cancellationToken = default) =>
        id is { } existing
            ? SendFormAsync<Company>(HttpMethod.Put, $"api/companies/{existing}", request, cancellationToken)
            : SendFormAsync<Company>(HttpMethod.Post, "api/companies", request, cancellationToken);

    public Task<ApiResult<Page<Project>>> ProjectsAsync(Guid? companyId, string? search, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<Page<Project>>("api/projects" + QueryString.Of(("companyId", companyId?.ToString()), ("search", search),
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<Project>> ProjectAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<Project>($"api/projects/{id}", cancellationToken);

    public Task<Saved<Project>> SaveProjectAsync(Guid? id, ProjectRequest request, CancellationToken cancellationToken = default) =>
        id is { } existing
            ? SendFormAsync<Project>(HttpMethod.Put, $"api/projects/{existing}", request, cancellationToken)
            : SendFormAsync<Project>(HttpMethod.Post, "api/projects", request, cancellationToken);

    public Task<Saved<Project>> AddRateAsync(Guid projectId, Rate rate, CancellationToken cancellationToken = default) =>
        SendFormAsync<Project>(HttpMethod.Post, $"api/projects/{projectId}/rates", rate, cancellationToken);

    public Task<ApiResult<RateAnswer>> RateInEffectAsync(Guid projectId, string person, string workType, DateOnly date, CancellationToken cancellationToken = default) =>
        GetAsync<RateAnswer>($"api/projects/{projectId}/rate" + QueryString.Of(("person", person), ("workType", workType),
            ("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<List<WorkType>>> WorkTypesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<WorkType>>("api/tasks/work-types", cancellationToken);

    public Task<ApiResult<List<WorkflowStatus>>> TaskStatusesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<List<WorkflowStatus>>("api/tasks/statuses", cancellationToken);

    public Task<ApiResult<Page<TaskItem>>> TasksAsync(TaskFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<Page<TaskItem>>("api/tasks" + filter.Query(page, pageSize), cancellationToken);

    public Task<ApiResult<TaskItem>> TaskAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<TaskItem>($"api/tasks/{id}", cancellationToken);

    public Task<ApiResult<Page<TimeEntry>>> TimeEntriesAsync(TimeFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        GetAsync<Page<TimeEntry>>("api/time-entries" + filter.Query(page, pageSize), cancellationToken);

    public Task<Saved<TimeEntry>> UpdateTimeEntryAsync(Guid id, TimeEntryRequest request, CancellationToken cancellationToken = default) =>
        SendFormAsync<TimeEntry>(HttpMethod.Put, $"api/time-entries/{id}", request, cancellationToken);

    /// <summary>Imports a JSON or CSV file as it is: the API reads the body by its media type, not a form.</summary>
    public Task<ApiResult<ImportResult>> ImportAsync(Stream file, string mediaType, CancellationToken cancellationToken = default)
    {
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return SendAsync<ImportResult>(HttpMethod.Post, "api/import", content, cancellationToken);
    }

    public Task<ApiResult<Agency>> AgencyAsync(CancellationToken cancellationToken = default) =>
        GetAsync<Agency>("api/agency", cancellationToken);

    public Task<Saved<Agency>> SaveAgencyAsync(AgencyRequest request, CancellationToken cancellationToken = default) =>
        SendFormAsync<Agency>(HttpMethod.Put, "api/agency", request, cancellationToken);

    public Task<ApiResult<ApiFile>> AgencyLogoAsync(CancellationToken cancellationToken = default) =>
        DownloadAsync("api/agency/logo", cancellationToken);

    /// <summary>The logo as the multipart field 'file', by PUT (UploadAsync posts).</summary>
    public Task<Saved<Agency>> UploadLogoAsync(Stream file, string fileName, string contentType, CancellationToken cancellationToken = default)
    {
        var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        return SendFormAsync<Agency>(HttpMethod.Put, "api/agency/logo", form, cancellationToken);
    }

    /// <summary>
    /// A form's save: as <see cref="SendAsync{T}(HttpMethod, string, object?, CancellationToken)"/>, and the field errors
    /// kept by the field the ProblemDetails names, so a form shows each under its input (ApiError keeps only the messages).
    /// </summary>
    private async Task<Saved<T>> SendFormAsync<T>(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(method, path, body, anonymous: false);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new(new(default, HttpStatusCode.ServiceUnavailable, ApiError.Unreachable(SentCorrelationId(request))), new Dictionary<string, string[]>());
        }

        using var _ = response;
        if (response.IsSuccessStatusCode)
        {
            return new(new(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), response.StatusCode, null), new Dictionary<string, string[]>());
        }

        // Read once for the field names, then again (from the same text) as every API error is read.
        var problem = await response.Content.ReadAsStringAsync(cancellationToken);
        response.Content = new StringContent(problem, System.Text.Encoding.UTF8, "application/problem+json");
        var error = await ErrorAsync(response, cancellationToken);
        IDictionary<string, string[]> fields = new Dictionary<string, string[]>();
        try
        {
            fields = JsonSerializer.Deserialize<HttpValidationProblemDetails>(problem, Json)?.Errors ?? fields;
        }
        catch (JsonException)
        {
            // Not a ProblemDetails: ErrorAsync said what there is to say.
        }

        return new(new(default, response.StatusCode, error), fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase));
    }
}
