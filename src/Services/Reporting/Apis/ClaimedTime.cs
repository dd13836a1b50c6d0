using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

/// <summary>A report's claimed time as the read model has it now: what went stale, and the lines it makes today.</summary>
public static class ClaimedTime
{
    public static async Task<IReadOnlyList<StaleLine>> StaleLinesAsync(ReportingDbContext db, Report report, CancellationToken cancellationToken)
    {
        var claims = await db.Claims.AsNoTracking().Where(c => c.ReportId == report.Id).ToListAsync(cancellationToken);
        var ids = claims.Select(c => c.TimeEntryId).ToList();
        var current = await db.TimeEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        return report.StaleLines(claims, current);
    }

    /// <summary>
    /// Prices these entries as they are now, leaving out those the report may no longer bill (deleted, moved to another
    /// client or out of the period); a problem when their task or project is not known yet or bills in another currency.
    /// </summary>
    public static async Task<(IReadOnlyList<ReportLine> Lines, IReadOnlyList<TrackedTime> Entries, ProblemHttpResult? Problem)> PriceAsync(
        ReportingDbContext db, Report report, IReadOnlyCollection<Guid> entryIds, CancellationToken cancellationToken)
    {
        var rows = (await db.TimeEntries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToListAsync(cancellationToken))
            .Where(report.MayBill).ToList();
        var taskIds = rows.Select(r => r.TaskId).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var projectIds = tasks.Values.Select(t => t.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        if (tasks.Count < taskIds.Count || projects.Count < projectIds.Count)
        {
            return ([], [], TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Task not known yet.",
                detail: "Some of this time belongs to a task or project Reporting has not heard of yet; try again in a moment."));
        }

        if (projects.Values.FirstOrDefault(p => p.Currency != report.Currency) is { } other)
        {
            return ([], [], TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Several currencies.",
                detail: $"Project {other.Name} bills in {other.Currency} now, the report in {report.Currency}; exclude its lines."));
        }

        return (ReportCalculator.Lines(rows, tasks, projects), rows, null);
    }
}
