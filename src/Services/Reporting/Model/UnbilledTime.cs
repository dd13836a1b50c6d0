using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Model;

public sealed record UnbilledProject(Guid ProjectId, string ProjectName, int Entries, int Minutes, DateOnly EarliestDate);

/// <summary>
/// Billable time of a report's client and filters from before its period that no report holds. Moving the period's
/// start to EarliestDate puts it in the report.
/// </summary>
public sealed record EarlierUnbilledTime(int Entries, int Minutes, DateOnly EarliestDate, IReadOnlyList<UnbilledProject> Projects);

/// <summary>One client's (and currency's) forgotten time; the amount is what a report would bill at today's rate card.</summary>
public sealed record UnbilledClient(
    Guid CompanyId, string CompanyName, string Currency, int Entries, int Minutes, decimal EstimatedAmount, int UnpricedMinutes,
    DateOnly EarliestDate);

public sealed record UnbilledTotal(string Currency, int Entries, int Minutes, decimal EstimatedAmount);

public sealed record UnbilledReport(int OlderThanDays, DateOnly Before, IReadOnlyList<UnbilledClient> Clients, IReadOnlyList<UnbilledTotal> Totals);

/// <summary>
/// Leakage: billable time (a task above 0 %) that no report claims. Paid time stays claimed by its report, so
/// "unclaimed" is also "never billed".
/// </summary>
public static class UnbilledTime
{
    public const int MaxOlderThanDays = 3650;

    /// <summary>The client's unclaimed billable time before <paramref name="before"/> that the same filters would pick.</summary>
    public static async Task<EarlierUnbilledTime?> EarlierAsync(
        ReportingDbContext db, Guid companyId, DateOnly before, ReportFilters filters, CancellationToken cancellationToken)
    {
        var query = from entry in Unclaimed(db)
                    where entry.CompanyId == companyId && entry.WorkDate < before
                    join task in db.Tasks.AsNoTracking() on entry.TaskId equals task.Id
                    where task.BillablePercent > 0
                    select new { entry.ProjectId, entry.Person, entry.WorkDate, entry.Minutes, task.WorkType, task.Status, task.BillablePercent };
        if (filters.ProjectIds is { Count: > 0 } projectIds) query = query.Where(e => projectIds.Contains(e.ProjectId));
        if (filters.Persons is { Count: > 0 } persons) query = query.Where(e => persons.Contains(e.Person));
        if (filters.WorkTypes is { Count: > 0 } workTypes) query = query.Where(e => workTypes.Contains(e.WorkType));
        if (filters.Statuses is { Count: > 0 } statuses) query = query.Where(e => statuses.Contains(e.Status));
        if (filters.MinBillablePercent is { } min) query = query.Where(e => e.BillablePercent >= min);
        if (filters.MaxBillablePercent is { } max) query = query.Where(e => e.BillablePercent <= max);

        var perProject = await query.GroupBy(e => e.ProjectId)
            .Select(g => new { ProjectId = g.Key, Entries = g.Count(), Minutes = g.Sum(e => e.Minutes), Earliest = g.Min(e => e.WorkDate) })
            .ToListAsync(cancellationToken);
        if (perProject.Count == 0)
        {
            return null;
        }

        var ids = perProject.Select(p => p.ProjectId).ToList();
        var names = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var projects = perProject
            .Select(p => new UnbilledProject(p.ProjectId, names.GetValueOrDefault(p.ProjectId, ""), p.Entries, p.Minutes, p.Earliest))
            .OrderBy(p => p.EarliestDate).ThenBy(p => p.ProjectName, StringComparer.OrdinalIgnoreCase).ToList();
        return new EarlierUnbilledTime(projects.Sum(p => p.Entries), projects.Sum(p => p.Minutes), projects.Min(p => p.EarliestDate), projects);
    }

    /// <summary>
    /// Every client's unclaimed billable time older than <paramref name="olderThanDays"/> days, priced as the preview
    /// prices it (today's rate card, the project's rounding, the task's percent), with totals per currency.
    /// </summary>
    public static async Task<UnbilledReport> OlderThanAsync(
        ReportingDbContext db, DateOnly today, int olderThanDays, CancellationToken cancellationToken)
    {
        var before = today.AddDays(-olderThanDays);
        var entries = await (from entry in Unclaimed(db)
                             where entry.WorkDate < before
                             join task in db.Tasks.AsNoTracking() on entry.TaskId equals task.Id
                             where task.BillablePercent > 0
                             select new TrackedTime
                             {
                                 Id = entry.Id, TaskId = entry.TaskId, ProjectId = entry.ProjectId, CompanyId = entry.CompanyId,
                                 Person = entry.Person, WorkDate = entry.WorkDate, Minutes = entry.Minutes,
                             }).ToListAsync(cancellationToken);
        var taskIds = entries.Select(e => e.TaskId).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var projectIds = tasks.Values.Select(t => t.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var companyIds = entries.Select(e => e.CompanyId).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        // A report bills one currency, so a client with projects in two currencies has two rows.
        var clients = entries
            .Where(e => projects.ContainsKey(tasks[e.TaskId].ProjectId))
            .GroupBy(e => (e.CompanyId, projects[tasks[e.TaskId].ProjectId].Currency))
            .Select(group =>
            {
                var lines = ReportCalculator.Lines(group, tasks, projects);
                var company = companies.GetValueOrDefault(group.Key.CompanyId);
                return new UnbilledClient(group.Key.CompanyId, company?.Name ?? "", group.Key.Currency, group.Count(),
                    group.Sum(e => e.Minutes), lines.Sum(l => l.Amount), lines.Where(l => l.IsUnpriced()).Sum(l => l.ActualMinutes),
                    group.Min(e => e.WorkDate));
            })
            .OrderBy(c => c.EarliestDate).ThenBy(c => c.CompanyName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Currency)
            .ToList();
        var totals = clients.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnbilledTotal(g.Key, g.Sum(c => c.Entries), g.Sum(c => c.Minutes), g.Sum(c => c.EstimatedAmount)))
            .ToList();
        return new UnbilledReport(olderThanDays, before, clients, totals);
    }

    private static IQueryable<TrackedTime> Unclaimed(ReportingDbContext db) =>
        db.TimeEntries.AsNoTracking().Where(e => !e.Removed && !db.Claims.Any(c => c.TimeEntryId == e.Id));
}
