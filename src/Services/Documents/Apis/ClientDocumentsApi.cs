using Clearhours.Documents.Infrastructure;
using Clearhours.Documents.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Apis;

/// <summary>The client's downloads from its report's page: the report detail, the invoice and the act of that report, nothing else.</summary>
public static class ClientDocumentsApi
{
    public static RouteGroupBuilder MapClientDocumentsApi(this RouteGroupBuilder api)
    {
        // The token is the only credential, as on the report's page; the gateway rate-limits the route.
        var client = api.MapGroup("/api/public/reports/{token}/documents").WithTags("Client page").AllowAnonymous();
        client.MapGet("/{documentId:guid}", Download).WithName("DownloadSharedDocument")
            .WithSummary("A document of the report the client's link opens")
            .WithDescription("Only the report detail, the invoice and the act of that report. A wrong, expired or withdrawn token, "
                + "and any other document, are the same 404.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>, ProblemHttpResult>> Download(
        string token, Guid documentId, DocumentsDbContext db, IDocumentStorage storage, ShareLinkResolver shareLinks,
        CancellationToken cancellationToken)
    {
        Guid? reportId;
        try
        {
            reportId = await shareLinks.ReportOfAsync(token, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The report's link cannot be checked right now.", detail: "Try again in a minute.");
        }

        var document = reportId is null
            ? null
            : await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.ReportId == reportId, cancellationToken);
        if (document is null || !DocumentKinds.IsGenerated(document.Kind)
            || await storage.GetAsync(document.StorageKey, cancellationToken) is not { } content)
        {
            return Problems.NotFound("This link does not open that document.", "It may be mistyped, expired or withdrawn; ask the sender for a new one.");
        }

        return TypedResults.File(content, document.ContentType, document.FileName);
    }
}
