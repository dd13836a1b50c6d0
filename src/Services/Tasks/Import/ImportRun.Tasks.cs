using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

internal sealed partial class ImportRun
{
    public async Task TasksAsync(CancellationToken cancellationToken)
    {
        var candidates = Prepare(_data.Tasks, _tasks, _taskRefs, t => t.ExternalId,
            (t, reasons) => ImportChecks.Task(t, catalog, reasons));
        foreach (var chunk in candidates.Chunk(importer.ChunkSize))
        {
            await importer.SaveChunkAsync(async (outcome, ct) =>
            {
                await LookUpProjectsAsync(chunk.Select(t => Text.Clean(t.Data.ProjectExternalId)), ct);
                var ids = chunk.Select(t => t.ExternalId).ToArray();
                // In SQL, as the time entries' lookup (ImportRun.TimeEntries.cs): no null clause for the generic plan to check per row.
                var existing = await _db.Tasks.FromSql($"""SELECT * FROM tasks WHERE "ExternalId" = ANY({ids})""")
                    .ToDictionaryAsync(t => t.ExternalId!, StringComparer.Ordinal, ct);

                var planned = new List<(Candidate<TaskImport> Row, ProjectTask? Task, ProjectRef? Project, TaskDetails? Details, Reasons Reasons)>();
                foreach (var row in chunk)
                {
                    var task = existing.GetValueOrDefault(row.ExternalId);
                    var reasons = NewReasons(ImportKinds.Task);
                    var project = _projectRefs.Resolve(Text.Clean(row.Data.ProjectExternalId), "projectExternalId", reasons);
                    var details = project is null ? null : TaskDetails(row.Data, task, project, reasons);
                    planned.Add((row, task, project, details, reasons));
                }

                // Billed time stays in its project: the task's own rule, as for PUT /api/tasks.
                var moving = planned.Where(p => p.Details is not null && p.Task is not null && p.Task.ProjectId != p.Details.ProjectId)
                    .Select(p => p.Task!.Id).ToList();
                var billed = await _db.BilledReportOfTasksAsync(moving, ct);

                var now = importer.Time.GetUtcNow();
                var moved = new Dictionary<Guid, TaskOwner>();
                foreach (var (row, current, project, details, reasons) in planned)
                {
                    if (current is not null && details is not null && current.WhyRefused(details, billed.GetValueOrDefault(current.Id)) is { } why)
                    {
                        reasons.Add("projectExternalId", $"{why}.");
                    }

                    if (details is null || reasons.Any)
                    {
                        Reject(outcome, _tasks, _taskRefs, row, reasons);
                        continue;
                    }

                    var created = current is null;
                    var task = current ?? ProjectTask.Create(row.ExternalId);
                    var from = task.ProjectId;
                    var changed = task.Update(details, now);
                    var reference = new TaskRef(task.Id, task.ProjectId, project!.CompanyId);
                    if (changed)
                    {
                        if (created)
                        {
                            _db.Tasks.Add(task);
                        }

                        _db.AddEvent(Events.Changed(task, project.CompanyId));
                        if (!created && from != task.ProjectId)
                        {
                            moved[task.Id] = new TaskOwner(reference.ProjectId, reference.CompanyId);
                        }
                    }

                    outcome.Then(() =>
                    {
                        _tasks.Count(created, changed);
                        _taskRefs.Known[row.ExternalId] = reference;
                    });
                }

                await _db.RepublishMovedTasksAsync(moved, now, ct);
            }, cancellationToken);
        }
    }

    /// <summary>The task's details from a row, its billable percent as <see cref="ProjectTask.BillablePercentOf"/> sets it for the API too.</summary>
    private TaskDetails? TaskDetails(TaskImport t, ProjectTask? current, ProjectRef project, Reasons reasons)
    {
        var title = TextField(t.Title, current?.Title);
        Require(reasons, "title", title, current, "task");
        var workType = Text.Clean(t.WorkType) is { } named ? catalog.WorkType(named) : Partial ? catalog.WorkType(current?.WorkType) : null;
        if (workType is null)
        {
            Require(reasons, "workType", null, current, "task");
        }

        var status = catalog.Status(Text.Clean(t.Status) ?? current?.Status ?? WorkflowStatus.Defaults[0].Name);
        if (status is null)
        {
            reasons.Add("status", "the default status is not in the catalog.");
        }

        if (reasons.Any)
        {
            return null;
        }

        var percent = ProjectTask.BillablePercentOf(t.BillablePercent, current, workType!, project.PercentFor(workType!.Name));
        var completedOn = Text.Clean(t.CompletedOn) is { } date ? ImportChecks.ParseDate(date)
            : Partial && t.CompletedOn is null ? current?.CompletedOn : null;
        return new TaskDetails(project.Id, title!, workType!.Name, status!, percent, TextField(t.Assignee, current?.Assignee),
            completedOn, TextField(t.ExternalKey, current?.ExternalKey), TextField(t.ExternalUrl, current?.ExternalUrl));
    }

    private async Task LookUpTasksAsync(IEnumerable<string?> externalIds, CancellationToken cancellationToken)
    {
        var ids = _taskRefs.Unsettled(externalIds);
        if (ids.Count == 0)
        {
            return;
        }

        var byExternalId = ids.ToArray();
        var found = await (from task in _db.Tasks.FromSql($"""SELECT * FROM tasks WHERE "ExternalId" = ANY({byExternalId})""").AsNoTracking()
                           join project in _db.Projects on task.ProjectId equals project.Id
                           select new { task.ExternalId, task.Id, task.ProjectId, project.CompanyId }).ToListAsync(cancellationToken);
        _taskRefs.Found(ids, found.Select(t => (t.ExternalId!, new TaskRef(t.Id, t.ProjectId, t.CompanyId))));
    }
}
