using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

/// <summary>
/// A draft's lines and the time they claim: leaving a line out frees its time, taking it back claims it again at
/// today's figures, and a refresh prices every line from the time as Tasks has it now. Each change tells Tasks.
/// </summary>
public static class ReportLinesApi
{
    public static void MapReportLinesApi(this IEndpointRouteBuilder app)
    {
        var lines = app.MapGroup("/api/reports/{id:guid}").WithTags("Reports").RequireAuthorization(Policies.Manager);
        lines.MapPost("/lines/{no:int}/exclude", (Guid id, int no, ReportingDbContext db, TimeProvider time, CancellationToken ct) =>
            SetExcluded(id, no, true, db, time, ct)).WithName("ExcludeReportLine").WithSummary("Leave a draft's line out, freeing its time");
        lines.MapPost("/lines/{no:int}/include", (Guid id, int no, ReportingDbContext db, TimeProvider time, CancellationToken ct) =>
            SetExcluded(id, no, false, db, time, ct)).WithName("IncludeReportLine").WithSummary("Take a line back, claiming its time again")
            .WithDescription("The line is priced from its time as it is now. A 409 lists the entries another report took meanwhile.");
        lines.MapPost("/refresh", Refresh).WithName("RefreshReportLines").WithSummary("Price a draft's lines from the time as it is now")
            .WithDescription("Time deleted in Tasks, or moved to another client or out of the period, is let go.");
    }

    public static async Task<Results<Ok<ReportCard>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> SetExcluded(
        Guid id, int no, bool excluded, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound();
        }

        if (report.Lines.FirstOrDefault(l => l.No == no) is not { } line)
        {
            return Problems.NotFound($"Report {report.Number} has no line {no}.");
        }

        if (line.Excluded == excluded)
        {
            return TypedResults.Ok(await ReportsApi.CardAsync(db, report, cancellationToken));
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        IReadOnlyList<Guid> entries;
        if (excluded)
        {
            // Left out of this report, the time is free for a later one.
            entries = report.SetExcluded(no, excluded, now);
            await db.Claims.Where(c => c.ReportId == id && entries.Contains(c.TimeEntryId)).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            var (lines, current, refusal) = await db.PriceClaimedAsync(report, line.Line.TimeEntryIds, cancellationToken);
            if (refusal is not null)
            {
                return Problems.Conflict(refusal.Title, refusal.Detail);
            }

            entries = report.Include(no, lines, now);
            db.Claims.AddRange(current.Select(entry => ReportClaim.Of(id, entry, now)));
        }

        db.AddEvent(report.ClaimsChanged(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (ReportsApi.IsClaimTaken(error))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ReportsApi.ClaimedElsewhereAsync(db, entries, cancellationToken);
        }

        return TypedResults.Ok(await ReportsApi.CardAsync(db, report, cancellationToken));
    }

    /// <summary>
    /// Prices the draft's included lines from their time as it is now: what changed in Tasks before the lock took hold
    /// is billed as it is, and time deleted or moved to another client or period is let go.
    /// </summary>
    public static async Task<Results<Ok<ReportCard>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Refresh(
        Guid id, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return ReportsApi.NotFound();
        }

        var (lines, current, refusal) = await db.PriceClaimedAsync(report, [.. report.BilledTimeEntryIds], cancellationToken);
        if (refusal is not null)
        {
            return Problems.Conflict(refusal.Title, refusal.Detail);
        }

        var now = time.GetUtcNow();
        report.Refresh(lines, now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Claims.Where(c => c.ReportId == id).ExecuteDeleteAsync(cancellationToken);
        db.Claims.AddRange(current.Select(entry => ReportClaim.Of(id, entry, now)));
        db.AddEvent(report.ClaimsChanged(now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ReportsApi.ToCard(report, []));
    }
}
