using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Web.Api;

/// <summary>What an API call came to: the value, or the problem the API reported, readable, with its correlation id.</summary>
public sealed record ApiResult<T>(T? Value, HttpStatusCode Status, ApiError? Error)
{
    public bool Ok => Error is null;
}

public sealed record ApiError(string Title, string? Detail, string? CorrelationId, IReadOnlyList<string> FieldErrors)
{
    /// <summary>The gateway did not answer at all.</summary>
    public static ApiError Unreachable(string? correlationId) => new("", null, correlationId, []);

    public bool IsUnreachable => Title.Length == 0;

    public string Message => string.Join(" ", new[] { Title, Detail }.Concat(FieldErrors).Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>The gateway's APIs, as the web app calls them (by service discovery: https+http://gateway).</summary>
public sealed class GatewayApi(HttpClient http, IHttpContextAccessor context)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<PublicReport>> PublicReportAsync(string token, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Get, PublicPath(token), null, cancellationToken);

    public Task<ApiResult<PublicReport>> ApproveAsync(string token, ApproveRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Post, PublicPath(token) + "/approve", request, cancellationToken);

    public Task<ApiResult<PublicReport>> RequestChangesAsync(string token, RequestChangesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Post, PublicPath(token) + "/request-changes", request, cancellationToken);

    private static string PublicPath(string token) => $"api/public/reports/{Uri.EscapeDataString(token)}";

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        // The client's request and the API call share one correlation id, so a message on the page finds both in the logs.
        if (context.HttpContext is { } current && CorrelationId.Get(current) is { } correlationId)
        {
            request.Headers.Add(CorrelationId.HeaderName, correlationId);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new(default, HttpStatusCode.ServiceUnavailable, ApiError.Unreachable(request.Headers.TryGetValues(CorrelationId.HeaderName, out var sent) ? sent.First() : null));
        }

        using var _ = response;
        if (response.IsSuccessStatusCode)
        {
            return new(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), response.StatusCode, null);
        }

        return new(default, response.StatusCode, await ErrorAsync(response, cancellationToken));
    }

    private static async Task<ApiError> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headerId = response.Headers.TryGetValues(CorrelationId.HeaderName, out var ids) ? ids.FirstOrDefault() : null;
        HttpValidationProblemDetails? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Json, cancellationToken);
        }
        catch (Exception error) when (error is JsonException or NotSupportedException)
        {
            // Not a ProblemDetails (a proxy's error page, say): the status code is all there is to say.
        }

        var correlationId = problem?.Extensions.TryGetValue("correlationId", out var id) == true ? id?.ToString() : headerId;
        return new(problem?.Title ?? $"{(int)response.StatusCode} {response.ReasonPhrase}", problem?.Detail, correlationId,
            [.. (problem?.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value)]);
    }
}
