using Clearhours.Messaging;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Infrastructure;

/// <summary>The queries that give the model's rules their data, shared by the endpoints, the import and the consumers.</summary>
public static class TasksQueries
{
    /// <summary>For each of these projects with billed (claimed or paid) time, the lowest report number that bills it.</summary>
    public static async Task<Dictionary<Guid, string?>> BilledReportOfProjectsAsync(
        this TasksDbContext db, IReadOnlyCollection<Guid> projectIds, CancellationToken cancellationToken) =>
        projectIds.Count == 0 ? [] : await (
                from entry in db.TimeEntries
                join task in db.Tasks on entry.TaskId equals task.Id
                where projectIds.Contains(task.ProjectId) && entry.ReportId != null
                group entry.ReportNumber by task.ProjectId into g
                select new { ProjectId = g.Key, Report = g.Min() })
            .ToDictionaryAsync(x => x.ProjectId, x => (string?)x.Report, cancellationToken);

    /// <summary>For each of these tasks with billed (claimed or paid) time, the lowest report number that bills it.</summary>
    public static async Task<Dictionary<Guid, string?>> BilledReportOfTasksAsync(
        this TasksDbContext db, IReadOnlyCollection<Guid> taskIds, CancellationToken cancellationToken) =>
        taskIds.Count == 0 ? [] : await db.TimeEntries
            .Where(e => taskIds.Contains(e.TaskId) && e.ReportId != null)
            .GroupBy(e => e.TaskId)
            .Select(g => new { TaskId = g.Key, Report = g.Min(e => e.ReportNumber) })
            .ToDictionaryAsync(x => x.TaskId, x => (string?)x.Report, cancellationToken);

    /// <summary>The last day of the project's billed work, if any.</summary>
    public static Task<DateOnly?> LastBilledDayAsync(this TasksDbContext db, Guid projectId, CancellationToken cancellationToken) =>
        db.TimeEntries
            .Where(e => e.ReportId != null && db.Tasks.Any(t => t.Id == e.TaskId && t.ProjectId == projectId))
            .MaxAsync(e => (DateOnly?)e.WorkDate, cancellationToken);

    /// <summary>Announces again every task and entry of projects that moved to another company (see <see cref="ProjectMoves"/>).</summary>
    public static async Task RepublishMovedProjectsAsync(
        this TasksDbContext db, IReadOnlyList<Project> moved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (moved.Count == 0)
        {
            return;
        }

        var projectIds = moved.Select(p => p.Id).ToList();
        var tasks = await db.Tasks.Where(t => projectIds.Contains(t.ProjectId)).ToListAsync(cancellationToken);
        var taskIds = tasks.Select(t => t.Id).ToList();
        var entries = await db.TimeEntries.Where(e => taskIds.Contains(e.TaskId)).ToListAsync(cancellationToken);
        db.AddEvents(ProjectMoves.ProjectsMoved(moved, tasks, entries, now));
    }

    /// <summary>Announces again every entry of tasks that moved to another project (see <see cref="ProjectMoves"/>).</summary>
    public static async Task RepublishMovedTasksAsync(
        this TasksDbContext db, IReadOnlyDictionary<Guid, TaskOwner> moved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (moved.Count == 0)
        {
            return;
        }

        var taskIds = moved.Keys.ToList();
        var entries = await db.TimeEntries.Where(e => taskIds.Contains(e.TaskId)).ToListAsync(cancellationToken);
        db.AddEvents(ProjectMoves.TasksMoved(moved, entries, now));
    }

    /// <summary>
    /// Saves the pending changes, then moves each task to the state its entries now add up to (announcing the change).
    /// Call it inside the transaction of the change, so the task's state never lags its entries.
    /// </summary>
    public static async Task RefreshBillingStatesAsync(
        this TasksDbContext db, IEnumerable<Guid> tasksTouched, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The import turns automatic change detection off for speed; the entries' changes must be saved all the same.
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        var taskIds = tasksTouched.Distinct().ToList();
        var states = (await db.TimeEntries.AsNoTracking()
                .Where(e => taskIds.Contains(e.TaskId))
                .Select(e => new { e.TaskId, e.ReportId, e.PaidAt, e.NotBillable })
                .Distinct() // a task's entries in one report share their state: a row per report, not per entry
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.TaskId, e => TimeEntry.StateOf(e.ReportId, e.PaidAt, e.NotBillable));
        var tasks = await (from task in db.Tasks
                           join project in db.Projects on task.ProjectId equals project.Id
                           where taskIds.Contains(task.Id)
                           select new { task, project.CompanyId }).ToListAsync(cancellationToken);
        var companyOf = tasks.ToDictionary(t => t.task.Id, t => t.CompanyId);
        db.AddEvents(BillingStates.Refresh(tasks.Select(t => t.task), states, now).Select(task => Events.Changed(task, companyOf[task.Id])));
    }

    private static void AddEvents(this TasksDbContext db, IEnumerable<object> events)
    {
        foreach (var message in events)
        {
            db.AddEvent(message);
        }
    }
}
