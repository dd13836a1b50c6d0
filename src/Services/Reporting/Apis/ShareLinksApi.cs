using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Reporting.Apis;

public sealed record ShareLinkCreated(Guid ReportId, string Token, string PublicPath, DateTimeOffset ExpiresAt);

public sealed record PublicReportLink(Guid ReportId, DateTimeOffset ExpiresAt);

public static class ShareLinksApi
{
    public static void MapShareLinksApi(this IEndpointRouteBuilder app)
    {
        // Staff side. Until report cards exist (the reporting issue), a link is keyed by the report id alone.
        var links = app.MapGroup("/api/reports/{reportId:guid}/share-link")
            .WithTags("Share links")
            .RequireAuthorization(Policies.Manager);
        links.MapPost("/", Rotate).WithName("RotateShareLink");
        links.MapDelete("/", Revoke).WithName("RevokeShareLink");

        // The client's side: the token is the only credential.
        app.MapGroup("/api/public/reports")
            .WithTags("Public reports")
            .AllowAnonymous()
            .MapGet("/{token}", Resolve)
            .WithName("GetPublicReport");
    }

    public static async Task<Created<ShareLinkCreated>> Rotate(Guid reportId, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        var link = await shareLinks.RotateAsync(reportId, cancellationToken);
        var path = $"/api/public/reports/{link.Token}";
        return TypedResults.Created(path, new ShareLinkCreated(link.ReportId, link.Token, path, link.ExpiresAt));
    }

    public static async Task<NoContent> Revoke(Guid reportId, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        await shareLinks.RevokeAsync(reportId, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PublicReportLink>, ProblemHttpResult>> Resolve(
        string token, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        var link = await shareLinks.ResolveAsync(token, cancellationToken);
        return link is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This link does not open a report.",
                detail: "It may be mistyped, expired or withdrawn; ask the sender for a new one.")
            : TypedResults.Ok(new PublicReportLink(link.ReportId, link.ExpiresAt));
    }
}
