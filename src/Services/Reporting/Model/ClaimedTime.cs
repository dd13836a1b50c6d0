using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

/// <summary>A report's claimed time as the read model has it now: the lines it makes today.</summary>
public static class ClaimedTime
{
    /// <summary>
    /// Prices these entries as they are now, leaving out those the report may no longer bill (deleted, moved to another
    /// client or out of the period); a refusal when their task or project is not known yet or bills in another currency.
    /// </summary>
    /// <param name="current">The entries as the read model has them, with the tasks and projects it knows of them.</param>
    public static (IReadOnlyList<ReportLine> Lines, IReadOnlyList<TrackedTime> Entries, Refusal? Refusal) Price(
        Report report, IEnumerable<TrackedTime> current, IReadOnlyDictionary<Guid, WorkTask> tasks,
        IReadOnlyDictionary<Guid, ClientProject> projects)
    {
        var rows = current.Where(report.MayBill).ToList();
        var taskIds = rows.Select(r => r.TaskId).Distinct().ToList();
        var projectIds = taskIds.Where(tasks.ContainsKey).Select(id => tasks[id].ProjectId).Distinct().ToList();
        if (!taskIds.All(tasks.ContainsKey) || !projectIds.All(projects.ContainsKey))
        {
            return ([], [], Refusal.Conflict("Task not known yet.",
                "Some of this time belongs to a task or project Reporting has not heard of yet; try again in a moment."));
        }

        if (projectIds.Select(id => projects[id]).FirstOrDefault(p => p.Currency != report.Currency) is { } other)
        {
            return ([], [], Refusal.Conflict("Several currencies.",
                $"Project {other.Name} bills in {other.Currency} now, the report in {report.Currency}; exclude its lines."));
        }

        return (ReportCalculator.Lines(rows, tasks, projects), rows, null);
    }
}
