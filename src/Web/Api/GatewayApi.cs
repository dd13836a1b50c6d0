using System.Net;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Web.Staff;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Web.Api;

/// <summary>What an API call came to: the value, or the problem the API reported, readable, with its correlation id.</summary>
public sealed record ApiResult<T>(T? Value, HttpStatusCode Status, ApiError? Error)
{
    public bool Ok => Error is null;
}

/// <summary>A call whose answer has no body (204, 202): ApiResult&lt;Empty&gt;.</summary>
public sealed record Empty;

/// <summary>A downloaded file.</summary>
public sealed record ApiFile(byte[] Content, string ContentType, string FileName);

/// <summary>The gateway's answer to a sign-in.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, string[] Roles);

public sealed record ApiError(string Title, string? Detail, string? CorrelationId, IReadOnlyList<string> FieldErrors)
{
    /// <summary>The gateway did not answer at all.</summary>
    public static ApiError Unreachable(string? correlationId) => new("", null, correlationId, []);

    public bool IsUnreachable => Title.Length == 0;

    /// <summary>The staff session's token was refused (it expired): the user signs in again.</summary>
    public bool IsSignedOut { get; init; }

    public string Message => string.Join(" ", new[] { Title, Detail }.Concat(FieldErrors).Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>
/// The gateway's APIs, as the web app calls them (by service discovery: https+http://gateway). A signed-in staff
/// member's calls carry their token, read from the session on the server; the client's page calls without one.
/// Each area's typed calls are in its own file (GatewayApi.Reports.cs, GatewayApi.Billing.cs...).
/// </summary>
public sealed partial class GatewayApi(HttpClient http, IHttpContextAccessor context, AuthenticationStateProvider? authentication = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<ApiResult<PublicReport>> PublicReportAsync(string token, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Get, PublicPath(token), null, cancellationToken, anonymous: true);

    public Task<ApiResult<PublicReport>> ApproveAsync(string token, ApproveRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Post, PublicPath(token) + "/approve", request, cancellationToken, anonymous: true);

    public Task<ApiResult<PublicReport>> RequestChangesAsync(string token, RequestChangesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<PublicReport>(HttpMethod.Post, PublicPath(token) + "/request-changes", request, cancellationToken, anonymous: true);

    public Task<ApiResult<AgencyLook>> AgencyLookAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AgencyLook>(HttpMethod.Get, "api/public/agency", null, cancellationToken, anonymous: true);

    /// <summary>Signs a staff member in: the gateway's token for this name and password, or why not.</summary>
    public Task<ApiResult<TokenResponse>> IssueTokenAsync(string userName, string password, CancellationToken cancellationToken = default) =>
        SendAsync<TokenResponse>(HttpMethod.Post, "api/auth/token", new { userName, password }, cancellationToken, anonymous: true);

    private static string PublicPath(string token) => $"api/public/reports/{Uri.EscapeDataString(token)}";

    /// <summary>A GET of any API path (with its query string), as the signed-in user.</summary>
    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    /// <summary>A POST, PUT or DELETE with a JSON body (or none), as the signed-in user.</summary>
    public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(method, path, body, cancellationToken, anonymous: false);

    /// <summary>A file upload (multipart/form-data, one part named <paramref name="field"/>), as the signed-in user.</summary>
    public Task<ApiResult<T>> UploadAsync<T>(string path, Stream file, string fileName, string contentType, string field = "file",
        IReadOnlyDictionary<string, string>? fields = null, CancellationToken cancellationToken = default)
    {
        var form = new MultipartFormDataContent();
        var part = new StreamContent(file);
        part.Headers.ContentType = new(contentType);
        form.Add(part, field, fileName);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        return SendAsync<T>(HttpMethod.Post, path, form, cancellationToken, anonymous: false);
    }

    /// <summary>A file from an API (a document's PDF), as the signed-in user: its bytes, content type and name.</summary>
    public async Task<ApiResult<ApiFile>> DownloadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = await RequestAsync(HttpMethod.Get, path, null, anonymous: false);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new(default, response.StatusCode, await ErrorAsync(response, cancellationToken));
            }

            var content = response.Content.Headers;
            return new(new ApiFile(await response.Content.ReadAsByteArrayAsync(cancellationToken),
                content.ContentType?.MediaType ?? "application/octet-stream",
                content.ContentDisposition?.FileNameStar ?? content.ContentDisposition?.FileName?.Trim('"') ?? "download"),
                response.StatusCode, null);
        }
        catch (HttpRequestException)
        {
            return new(default, HttpStatusCode.ServiceUnavailable, ApiError.Unreachable(SentCorrelationId(request)));
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, object? body, bool anonymous)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            _ => JsonContent.Create(body, body.GetType(), options: Json),
        };

        // The page's request and the API call share one correlation id, so a message on the page finds both in the logs.
        // In a live (interactive) screen there is no request behind the call: each call gets its own.
        var current = context.HttpContext;
        var correlationId = current is { WebSockets.IsWebSocketRequest: false } && CorrelationId.Get(current) is { } id
            ? id
            : Guid.NewGuid().ToString("N");
        request.Headers.Add(CorrelationId.HeaderName, correlationId);

        // The visitor's address, not the web app's: the gateway's per-client rate limits and the approval's record
        // see who is calling (the gateway honours it from the web app alone: ForwardedHeaders:KnownProxies).
        if (current?.Connection.RemoteIpAddress is { } visitor)
        {
            request.Headers.Add("X-Forwarded-For", visitor.ToString());
        }

        if (!anonymous && StaffSession.Token(await StaffSession.CurrentUserAsync(authentication, current)) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private static string? SentCorrelationId(HttpRequestMessage request) =>
        request.Headers.TryGetValues(CorrelationId.HeaderName, out var sent) ? sent.First() : null;

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool anonymous)
    {
        using var request = await RequestAsync(method, path, body, anonymous);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new(default, HttpStatusCode.ServiceUnavailable, ApiError.Unreachable(SentCorrelationId(request)));
        }

        using var _ = response;
        if (response.IsSuccessStatusCode)
        {
            // 202 and 204 carry no body: the caller asked for Empty, or gets default.
            var value = response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(Empty)
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return new(value, response.StatusCode, null);
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
            [.. (problem?.Errors ?? new Dictionary<string, string[]>()).SelectMany(e => e.Value)])
        {
            IsSignedOut = response.StatusCode == HttpStatusCode.Unauthorized,
        };
    }
}
