using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record ShareLinkCreated(Guid ReportId, string Token, string PublicPath, DateTimeOffset ExpiresAt);

/// <summary>Who approved, as the client's page shows it: the e-mail and address stay on the staff card.</summary>
public sealed record PublicApproval(string Name, DateTimeOffset At, string Hash);

/// <summary>A document the client downloads through their link, served by Documents at DownloadPath.</summary>
public sealed record PublicDocument(Guid DocumentId, string Kind, string FileName, int Version, DateTimeOffset CreatedAt, string DownloadPath);

/// <summary>
/// The client's page: the sent snapshot, never the working copy, and the newest report, invoice and act. The agency's
/// name, colour and logo are Documents' (GET /api/public/agency), from the profile the documents print.
/// </summary>
public sealed record PublicReport(
    string Number, string Title, string Client, DateOnly From, DateOnly To, string Currency,
    IReadOnlyList<PublicLine> Lines, IReadOnlyList<Adjustment> Adjustments, ReportTotals Totals, string Hash, ReportStatus Status,
    bool CanApprove, PublicApproval? Approval, DateTimeOffset SentAt, DateTimeOffset LinkExpiresAt, IReadOnlyList<int> LineNumbers,
    Guid ReportId, IReadOnlyList<PublicDocument> Documents);

public sealed record ApproveRequest(
    [property: Required, StringLength(200, MinimumLength = 1)] string Name,
    [property: Required, EmailAddress, StringLength(320)] string Email,
    [property: Required, StringLength(64, MinimumLength = 64)] string Hash);

public sealed record RequestChangesRequest(
    [property: Required, StringLength(4000, MinimumLength = 1)] string Comment,
    [property: StringLength(200)] string? Name,
    [property: MaxLength(500)] IReadOnlyList<int>? Lines);

public static class ShareLinksApi
{
    public static void MapShareLinksApi(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("/api/reports/{reportId:guid}/share-link")
            .WithTags("Share links")
            .RequireAuthorization(Policies.Manager);
        links.MapPost("/", Rotate).WithName("RotateShareLink").WithSummary("A new client link for a sent report; the previous one stops working");
        links.MapDelete("/", Revoke).WithName("RevokeShareLink").WithSummary("Withdraw the report's client links");

        // The client's side: the token is the only credential, and it opens one report.
        var client = app.MapGroup("/api/public/reports/{token}").WithTags("Client page").AllowAnonymous();
        client.MapGet("/", Open).WithName("GetPublicReport").WithSummary("The report as it was sent, for the client")
            .WithDescription("A wrong, expired or withdrawn token, and the link of a cancelled report, are the same 404.");
        client.MapPost("/approve", Approve).WithName("ApproveReport").WithSummary("The client approves the version they read")
            .WithDescription("The hash must be the current snapshot's, and no line's time may have changed since sending; else a 409.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        client.MapPost("/request-changes", RequestChanges).WithName("RequestReportChanges").WithSummary("The client asks for changes, naming lines")
            .WithDescription("Lines are named by the numbers the page shows. Only a report awaiting approval takes a request (409).")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static ShareLinkCreated Created(IssuedShareLink link) =>
        new(link.ReportId, link.Token, $"/api/public/reports/{link.Token}", link.ExpiresAt);

    /// <summary>A new link for a report the client has been sent; the previous link stops working.</summary>
    public static async Task<Results<Created<ShareLinkCreated>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Rotate(
        Guid reportId, ReportingDbContext db, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return ReportsApi.NotFound();
        }

        if (report.Snapshot is null || report.Status == ReportStatus.Cancelled)
        {
            return Problems.Conflict("Not sent.", "A link shows what was sent: send the report first.");
        }

        var link = Created(await shareLinks.RotateAsync(reportId, cancellationToken));
        return TypedResults.Created(link.PublicPath, link);
    }

    public static async Task<NoContent> Revoke(Guid reportId, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        await shareLinks.RevokeAsync(reportId, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PublicReport>, NotFound<ProblemDetails>>> Open(
        string token, ReportingDbContext db, ShareLinks shareLinks, CancellationToken cancellationToken)
    {
        var (report, link) = await FindAsync(token, db, shareLinks, tracked: false, cancellationToken);
        return report is null ? Dead() : TypedResults.Ok(ToPublic(report, token, link!));
    }

    public static async Task<Results<Ok<PublicReport>, NotFound<ProblemDetails>>> Approve(
        string token, ApproveRequest request, ReportingDbContext db, ShareLinks shareLinks, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (report, link) = await FindAsync(token, db, shareLinks, tracked: true, cancellationToken);
        if (report is null)
        {
            return Dead();
        }

        // The lock in Tasks may have come a moment too late: time that changed since the report was sent is not approved.
        report.EnsureCurrent(await db.StaleLinesAsync(report, cancellationToken));
        var now = time.GetUtcNow();
        db.AddEvent(report.Approve(request.Name.Trim(), request.Email.Trim(), ClientAddress(http), request.Hash, now));
        db.Notifications.Add(Notification.About(report, "approved",
            $"Report {report.Number} approved by {request.Name.Trim()} <{request.Email.Trim()}>.", now,
            who: $"{request.Name.Trim()} <{request.Email.Trim()}>"));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToPublic(report, token, link!));
    }

    public static async Task<Results<Ok<PublicReport>, ValidationProblem, NotFound<ProblemDetails>>> RequestChanges(
        string token, RequestChangesRequest request, ReportingDbContext db, ShareLinks shareLinks, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        var (report, link) = await FindAsync(token, db, shareLinks, tracked: true, cancellationToken);
        if (report is null)
        {
            return Dead();
        }

        var lines = request.Lines ?? [];
        if (lines.Any(no => !report.Snapshot!.LineNumbers.Contains(no)))
        {
            return new FieldErrors().Add(nameof(request.Lines), "No such line.").ToProblem();
        }

        var now = time.GetUtcNow();
        report.RequestChanges(request.Comment.Trim(), lines, request.Name?.Trim(), ClientAddress(http), now);
        db.Notifications.Add(Notification.About(report, "changes-requested",
            $"Changes requested on {report.Number}: {request.Comment.Trim()}", now,
            who: request.Name?.Trim() is { Length: > 0 } name ? name : null, comment: request.Comment.Trim()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToPublic(report, token, link!));
    }

    /// <summary>The report a live link opens, once it has been sent and while it is not cancelled.</summary>
    private static async Task<(Report? Report, ResolvedShareLink? Link)> FindAsync(
        string token, ReportingDbContext db, ShareLinks shareLinks, bool tracked, CancellationToken cancellationToken)
    {
        var link = await shareLinks.ResolveAsync(token, cancellationToken);
        if (link is null)
        {
            return (null, null);
        }

        var reports = tracked ? db.Reports : db.Reports.AsNoTracking();
        var report = await reports.SingleOrDefaultAsync(r => r.Id == link.ReportId, cancellationToken);
        // The client's request is found on the dashboard by its report's number; its token stays out of traces.
        System.Diagnostics.Activity.Current?.SetTag(TraceTags.ReportNumber, report?.Number);
        return report is { Snapshot: not null } && report.Status != ReportStatus.Cancelled ? (report, link) : (null, null);
    }

    private static PublicReport ToPublic(Report report, string token, ResolvedShareLink link)
    {
        var snapshot = report.Snapshot!;
        return new PublicReport(snapshot.Number, snapshot.Title, snapshot.CompanyName, snapshot.From, snapshot.To, snapshot.Currency,
            [.. snapshot.Lines.Select(PublicLine.From)], snapshot.Adjustments, snapshot.Totals, report.SnapshotHash!, report.Status,
            report.Status == ReportStatus.Sent, report.Approval is { } approval ? new PublicApproval(approval.Name, approval.At, approval.Hash) : null,
            snapshot.SentAt, link.ExpiresAt, snapshot.LineNumbers, report.Id,
            [.. report.ClientDocuments().Select(d => new PublicDocument(d.DocumentId, d.Kind, d.FileName, d.Version, d.CreatedAt,
                $"/api/public/reports/{Uri.EscapeDataString(token)}/documents/{d.DocumentId}"))]);
    }

    /// <summary>The caller's address as the gateway saw it.</summary>
    private static string? ClientAddress(HttpContext http) =>
        http.Request.Headers["X-Forwarded-For"].ToString().Split(',')[0].Trim() is { Length: > 0 } forwarded
            ? forwarded
            : http.Connection.RemoteIpAddress?.ToString();

    private static NotFound<ProblemDetails> Dead() =>
        Problems.NotFound("This link does not open a report.", "It may be mistyped, expired or withdrawn; ask the sender for a new one.");
}
