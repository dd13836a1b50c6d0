using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Infrastructure;

/// <summary>
/// The read model queries that give the model's rules their data, all in one place: Model/ decides, this only loads.
/// </summary>
public static class ReportingQueries
{
    /// <summary>The preview of these criteria, or why there is none: what a report built now would bill.</summary>
    public static async Task<(ReportPreview? Preview, Refusal? Refusal)> PreviewAsync(
        this ReportingDbContext db, PreviewCriteria criteria, CancellationToken cancellationToken)
    {
        var errors = ReportPreviewBuilder.Check(criteria);
        return errors.Count > 0
            ? (null, Refusal.Invalid(errors))
            : ReportPreviewBuilder.Build(criteria, await PreviewDataAsync(db, criteria, cancellationToken));
    }

    /// <summary>The client's live time in the period that no report claims, with what the read model knows of its tasks and projects.</summary>
    public static async Task<PreviewData> PreviewDataAsync(this ReportingDbContext db, PreviewCriteria criteria, CancellationToken cancellationToken)
    {
        var company = await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == criteria.CompanyId, cancellationToken);
        if (company is null)
        {
            return new PreviewData(null, [], new Dictionary<Guid, WorkTask>(), new Dictionary<Guid, ClientProject>());
        }

        var entries = Unclaimed(db).Where(e => e.CompanyId == criteria.CompanyId && e.WorkDate >= criteria.From && e.WorkDate <= criteria.To);
        if (criteria.Filters.ProjectIds is { Count: > 0 } projectIds) entries = entries.Where(e => projectIds.Contains(e.ProjectId));
        if (criteria.Filters.Persons is { Count: > 0 } persons) entries = entries.Where(e => persons.Contains(e.Person));
        // Only what pricing needs: a month of a big client is thousands of rows.
        var candidates = await entries
            .Select(e => new TrackedTime
            {
                Id = e.Id, Version = e.Version, TaskId = e.TaskId, ProjectId = e.ProjectId, CompanyId = e.CompanyId, Person = e.Person,
                WorkDate = e.WorkDate, Minutes = e.Minutes,
            })
            .ToListAsync(cancellationToken);
        var (tasks, projects) = await TasksAndProjectsAsync(db, candidates, cancellationToken);
        return new PreviewData(company, candidates, tasks, projects);
    }

    /// <summary>
    /// One preview of a client-month with unbilled time, once at start. A process's first preview runs EF's
    /// materialisers, Npgsql's readers and the pricing for the first time: about 450 ms for a big client-month against
    /// 25 warm (bench/README.md, Reporting), paid here rather than by the first manager after a start. It takes rows:
    /// the same queries for a client with none (tried first) left the first real preview as slow. Nothing to warm in a
    /// database without unbilled time; a few clients are tried, each through its (company, date) index.
    /// </summary>
    /// <returns>The client-month it previewed; null when there was none.</returns>
    public static async Task<PreviewCriteria?> WarmUpAsync(this ReportingDbContext db, CancellationToken cancellationToken)
    {
        foreach (var companyId in await db.Companies.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).Take(10).ToListAsync(cancellationToken))
        {
            var latest = await Unclaimed(db).Where(e => e.CompanyId == companyId)
                .OrderByDescending(e => e.WorkDate).Select(e => (DateOnly?)e.WorkDate).FirstOrDefaultAsync(cancellationToken);
            if (latest is { } day)
            {
                var month = new DateOnly(day.Year, day.Month, 1);
                var criteria = new PreviewCriteria(companyId, month, month.AddMonths(1).AddDays(-1), new ReportFilters(null, null, null, null, null, null));
                await db.PreviewAsync(criteria, cancellationToken);
                return criteria;
            }
        }

        return null;
    }

    /// <summary>The client's unclaimed billable time before <paramref name="before"/> that the same filters would pick.</summary>
    public static async Task<EarlierUnbilledTime?> EarlierUnbilledAsync(
        this ReportingDbContext db, Guid companyId, DateOnly before, ReportFilters filters, CancellationToken cancellationToken)
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
        var ids = perProject.Select(p => p.ProjectId).ToList();
        var names = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return UnbilledTime.Earlier(perProject.Select(p =>
            new UnbilledProject(p.ProjectId, names.GetValueOrDefault(p.ProjectId, ""), p.Entries, p.Minutes, p.Earliest)));
    }

    /// <summary>Every client's unclaimed billable time older than <paramref name="olderThanDays"/> days, priced.</summary>
    public static async Task<UnbilledReport> UnbilledAsync(
        this ReportingDbContext db, DateOnly today, int olderThanDays, CancellationToken cancellationToken)
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
        var (tasks, projects) = await TasksAndProjectsAsync(db, entries, cancellationToken);
        var companyIds = entries.Select(e => e.CompanyId).Distinct().ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        return UnbilledTime.OlderThan(olderThanDays, before, entries, tasks, projects, companies);
    }

    /// <summary>The report's lines whose claimed time changed in Tasks since it was claimed.</summary>
    public static async Task<IReadOnlyList<StaleLine>> StaleLinesAsync(this ReportingDbContext db, Report report, CancellationToken cancellationToken)
    {
        var claims = await db.Claims.AsNoTracking().Where(c => c.ReportId == report.Id).ToListAsync(cancellationToken);
        var ids = claims.Select(c => c.TimeEntryId).ToList();
        var current = await db.TimeEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        return report.StaleLines(claims, current);
    }

    /// <summary>These entries priced for the report as they are now (see <see cref="ClaimedTime.Price"/>).</summary>
    public static async Task<(IReadOnlyList<ReportLine> Lines, IReadOnlyList<TrackedTime> Entries, Refusal? Refusal)> PriceClaimedAsync(
        this ReportingDbContext db, Report report, IReadOnlyCollection<Guid> entryIds, CancellationToken cancellationToken)
    {
        var rows = await db.TimeEntries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).ToListAsync(cancellationToken);
        var (tasks, projects) = await TasksAndProjectsAsync(db, rows, cancellationToken);
        return ClaimedTime.Price(report, rows, tasks, projects);
    }

    private static IQueryable<TrackedTime> Unclaimed(ReportingDbContext db) =>
        db.TimeEntries.AsNoTracking().Where(e => !e.Removed && !db.Claims.Any(c => c.TimeEntryId == e.Id)); // time another report bills is never offered again

    /// <summary>The tasks of these entries that the read model knows, and the known projects of those tasks.</summary>
    private static async Task<(Dictionary<Guid, WorkTask> Tasks, Dictionary<Guid, ClientProject> Projects)> TasksAndProjectsAsync(
        ReportingDbContext db, IReadOnlyList<TrackedTime> entries, CancellationToken cancellationToken)
    {
        var taskIds = entries.Select(e => e.TaskId).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var projectIds = tasks.Values.Select(t => t.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return (tasks, projects);
    }
}
