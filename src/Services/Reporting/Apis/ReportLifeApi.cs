using System.ComponentModel.DataAnnotations;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record RecallRequest([property: Required, StringLength(1000, MinimumLength = 1)] string? Reason);

/// <summary>Why the report is cancelled: required, it stays in the report's history.</summary>
public sealed record CancelRequest([property: Required, StringLength(1000, MinimumLength = 1)] string? Comment);

/// <summary>A line as the client's page shows it: the rules that billed it, and no internal entry ids.</summary>
public sealed record PublicLine(
    Guid TaskId, string? TaskKey, string Title, string? TaskUrl, string WorkType, int ActualMinutes, int BillablePercent,
    int BilledMinutes, decimal BilledHours, decimal? Rate, decimal Amount, string? NonBillableReason, bool Billable,
    RoundingRule? Rounding, string? BillableRule, int EntryCount)
{
    public static PublicLine From(ReportLine l) => new(l.TaskId, l.TaskKey, l.Title, l.TaskUrl, l.WorkType, l.ActualMinutes,
        l.BillablePercent, l.BilledMinutes, l.BilledHours, l.Rate, l.Amount, l.NonBillableReason, !l.IsNotBillable(), l.Rounding,
        l.BillableRule, l.TimeEntryIds.Count);
}

/// <summary>The report's life beyond the happy path (recall, cancel, reopen), and the agency's leakage report.</summary>
public static class ReportLifeApi
{
    public static void MapReportLifeApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Manager);
        reports.MapPost("/{id:guid}/recall", Recall).WithName("RecallReport").WithSummary("Take a sent report back to Draft")
            .WithDescription("The reason stays in the history; the client's link stops working at once. Only a sent report can be recalled (409).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelReport").WithSummary("Cancel a report for a reason, freeing its time")
            .WithDescription("A manager cancels before approval; an approved report takes an admin (403 otherwise); an invoiced or paid "
                + "one is a 409: it goes only through its invoice's cancellation.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id:guid}/reopen", Reopen).WithName("ReopenReport").WithSummary("Take a report the client asked to change back to Draft")
            .ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapGet("/unbilled", Unbilled).WithName("UnbilledTime").WithSummary("Billable time no report holds, per client")
            .WithDescription("Time older than olderThanDays (30 by default) that no report claims, priced at today's rate card, with totals per currency.");
    }

    /// <summary>Takes a sent report back to Draft for a reason; the client's link stops working at once.</summary>
    public static async Task<Results<Ok<ReportCard>, ValidationProblem, NotFound<ProblemDetails>>> Recall(
        Guid id, RecallRequest? request, ReportingDbContext db, ShareLinks shareLinks, TimeProvider time, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return new FieldErrors().Add("reason", "Say why the report is recalled.").ToProblem();
        }

        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound();
        }

        report.Recall(ReportsApi.Who(http), request.Reason, time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await shareLinks.RevokeAsync(id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ReportsApi.CardAsync(db, report, cancellationToken));
    }

    /// <summary>
    /// Cancels a report for a reason: its time is freed for another report, and Tasks hears of it. A manager cancels
    /// before approval; an approved report takes an admin; an invoiced one only goes through its invoice's cancellation.
    /// </summary>
    public static async Task<Results<Ok<ReportCard>, ValidationProblem, NotFound<ProblemDetails>, JsonHttpResult<ProblemDetails>>> Cancel(
        Guid id, CancelRequest? request, ReportingDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Comment))
        {
            return new FieldErrors().Add("comment", "Say why the report is cancelled.").ToProblem();
        }

        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound();
        }

        if (Report.CancelNeedsAdmin(report.Status) && !http.User.IsInRole(StaffRoles.Admin))
        {
            return Problems.Forbidden("Only an admin may cancel an approved report.",
                $"Report {report.Number} is approved by the client; ask an admin to cancel it.");
        }

        var now = time.GetUtcNow();
        var cancelled = report.Cancel(ReportsApi.Who(http), request.Comment, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Claims.Where(c => c.ReportId == id).ExecuteDeleteAsync(cancellationToken);
        db.AddEvent(cancelled);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ReportsApi.ToCard(report, []));
    }

    /// <summary>After the client asked for changes, the manager takes the report back to Draft to revise and resend it.</summary>
    public static async Task<Results<Ok<ReportCard>, NotFound<ProblemDetails>>> Reopen(
        Guid id, ReportingDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound();
        }

        report.Reopen(ReportsApi.Who(http), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ReportsApi.CardAsync(db, report, cancellationToken));
    }

    /// <summary>Billable time older than N days (30 by default) that no report holds, per client, with totals per currency.</summary>
    public static async Task<Results<Ok<UnbilledReport>, ValidationProblem>> Unbilled(
        int? olderThanDays, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var days = olderThanDays ?? 30;
        if (days is < 0 or > UnbilledTime.MaxOlderThanDays)
        {
            return new FieldErrors().Add(nameof(olderThanDays), $"0 to {UnbilledTime.MaxOlderThanDays} days.").ToProblem();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await db.UnbilledAsync(today, days, cancellationToken));
    }
}
