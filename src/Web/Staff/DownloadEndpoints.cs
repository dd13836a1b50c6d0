using Clearhours.Web.Api;

namespace Clearhours.Web.Staff;

/// <summary>
/// A document's PDF for a signed-in staff member: a plain link the browser can follow, while the API token stays here.
/// </summary>
public static class DownloadEndpoints
{
    public static void MapDownloadEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/files/documents/{id:guid}", async (Guid id, GatewayApi api, CancellationToken cancellationToken) =>
        {
            var result = await api.DownloadAsync($"api/documents/{id}/content", cancellationToken);
            return result.Value is { } file
                ? Results.File(file.Content, file.ContentType, file.FileName)
                : Results.Problem(statusCode: (int)result.Status, title: result.Error?.Title, detail: result.Error?.Detail,
                    extensions: new Dictionary<string, object?> { ["correlationId"] = result.Error?.CorrelationId });
        }).RequireAuthorization(Policies.Staff);
}
