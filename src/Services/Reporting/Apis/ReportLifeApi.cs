using System.ComponentModel.DataAnnotations;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record RecallRequest([property: Required, StringLength(1000, MinimumLength = 1)] string? Reason);

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

/// <summary>The report's life beyond the happy path (recall), and the agency's leakage report.</summary>
public static class ReportLifeApi
{
    public static void MapReportLifeApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Manager);
        reports.MapPost("/{id:guid}/recall", Recall).WithName("RecallReport");
        reports.MapGet("/unbilled", Unbilled).WithName("UnbilledTime");
    }

    /// <summary>Takes a sent report back to Draft for a reason; the client's link stops working at once.</summary>
    public static async Task<Results<Ok<ReportCard>, ValidationProblem, ProblemHttpResult>> Recall(
        Guid id, RecallRequest? request, ReportingDbContext db, ShareLinks shareLinks, TimeProvider time, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say why the report is recalled."] });
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

    /// <summary>Billable time older than N days (30 by default) that no report holds, per client, with totals per currency.</summary>
    public static async Task<Results<Ok<UnbilledReport>, ValidationProblem>> Unbilled(
        int? olderThanDays, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var days = olderThanDays ?? 30;
        if (days is < 0 or > UnbilledTime.MaxOlderThanDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(olderThanDays)] = [$"0 to {UnbilledTime.MaxOlderThanDays} days."],
            });
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(await db.UnbilledAsync(today, days, cancellationToken));
    }
}
