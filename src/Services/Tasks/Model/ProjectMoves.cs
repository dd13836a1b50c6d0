namespace Clearhours.Tasks.Model;

/// <summary>
/// Tasks and entries name their project and company in their events: after a project moved to another company, or a
/// task to another project, each record below it says so again, with a new version, in the same SaveChanges as the move.
/// </summary>
public static class ProjectMoves
{
    /// <param name="moved">The projects that moved to another company.</param>
    /// <param name="tasks">Every task of those projects.</param>
    /// <param name="entries">Every time entry of those tasks.</param>
    /// <returns>The events that say so.</returns>
    public static IReadOnlyList<object> ProjectsMoved(
        IEnumerable<Project> moved, IEnumerable<ProjectTask> tasks, IEnumerable<TimeEntry> entries, DateTimeOffset now)
    {
        var projects = moved.ToDictionary(p => p.Id);
        var events = new List<object>();
        var owners = new Dictionary<Guid, TaskOwner>();
        foreach (var task in tasks)
        {
            var project = projects[task.ProjectId];
            owners[task.Id] = new TaskOwner(project.Id, project.CompanyId);
            task.MovedWithProject(now);
            events.Add(Events.Changed(task, project.CompanyId));
        }

        events.AddRange(TasksMoved(owners, entries, now));
        return events;
    }

    /// <param name="owners">The project and company of each task that moved.</param>
    /// <param name="entries">Every time entry of those tasks.</param>
    public static IReadOnlyList<object> TasksMoved(IReadOnlyDictionary<Guid, TaskOwner> owners, IEnumerable<TimeEntry> entries, DateTimeOffset now)
    {
        var events = new List<object>();
        foreach (var entry in entries)
        {
            var owner = owners[entry.TaskId];
            entry.MovedWithTask(now);
            events.Add(Events.Changed(entry, owner.ProjectId, owner.CompanyId));
        }

        return events;
    }
}

/// <summary>Where a task belongs: the project and company its events name.</summary>
public sealed record TaskOwner(Guid ProjectId, Guid CompanyId);
