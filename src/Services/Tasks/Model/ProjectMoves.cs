using Clearhours.Messaging;
using Clearhours.Tasks.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Model;

public static class ProjectMoves
{
    /// <summary>
    /// Tasks and entries name their company in their events: after projects moved to another company each of them
    /// says so again, with a new version, in the same SaveChanges as the move. Used by PUT /api/projects and the import.
    /// </summary>
    public static async Task RepublishContentsAsync(
        TasksDbContext db, IReadOnlyList<Project> moved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (moved.Count == 0)
        {
            return;
        }

        var projects = moved.ToDictionary(p => p.Id);
        var projectIds = projects.Keys.ToList();
        var owners = new Dictionary<Guid, Project>();
        foreach (var task in await db.Tasks.Where(t => projectIds.Contains(t.ProjectId)).ToListAsync(cancellationToken))
        {
            var project = projects[task.ProjectId];
            owners[task.Id] = project;
            task.MovedWithProject(now);
            db.AddEvent(Events.Changed(task, project.CompanyId));
        }

        var taskIds = owners.Keys.ToList();
        foreach (var entry in await db.TimeEntries.Where(e => taskIds.Contains(e.TaskId)).ToListAsync(cancellationToken))
        {
            var project = owners[entry.TaskId];
            entry.MovedWithTask(now);
            db.AddEvent(Events.Changed(entry, project.Id, project.CompanyId));
        }
    }
}
