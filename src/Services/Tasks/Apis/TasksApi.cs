using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Apis;

public sealed record TaskRequest(
    Guid ProjectId,
    [property: Required, StringLength(1000, MinimumLength = 1)] string Title,
    [property: Required, StringLength(100)] string WorkType,
    [property: StringLength(100)] string? Status,
    [property: Range(0, 100)] int? BillablePercent,
    [property: StringLength(200)] string? Assignee,
    DateOnly? CompletedOn,
    [property: StringLength(100)] string? ExternalKey,
    [property: Url, StringLength(2000)] string? ExternalUrl,
    [property: StringLength(200)] string? ExternalId = null);

public sealed record TaskDto(
    Guid Id, string? ExternalId, Guid ProjectId, Guid CompanyId, string Title, string WorkType, string Status, int BillablePercent,
    string? Assignee, DateOnly? CompletedOn, string? ExternalKey, string? ExternalUrl, BillingState BillingState, long Version);

public sealed record WorkTypeDto(string Name, int DefaultBillablePercent);

public sealed record StatusDto(string Name, int Position);

public sealed record WorkTypeRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name, [property: Range(0, 100)] int DefaultBillablePercent);

public sealed record StatusRequest([property: Required, StringLength(100, MinimumLength = 1)] string Name, [property: Range(0, 1000)] int Position);

public static class TasksApi
{
    public static void MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization(Policies.Manager);
        tasks.MapGet("/", List).WithName("ListTasks")
            .WithSummary("List tasks, by title, filtered by company, project, work type, status, assignee, billing state or billable percent.");
        tasks.MapGet("/{id:guid}", Get).WithName("GetTask")
            .WithSummary("Get a task.");
        tasks.MapPost("/", Create).WithName("CreateTask")
            .WithSummary("Create a task of a project.")
            .WithDescription("Without a billable percent the task takes the project's for its work type, else the work type's default; without a status, Open.");
        tasks.MapPut("/{id:guid}", Update).WithName("UpdateTask")
            .WithSummary("Replace a task's details.")
            .WithDescription("A task whose time is billed (claimed by a report or paid) cannot move to another project: 409 naming the report. A task that moves announces each of its time entries again.");

        tasks.MapGet("/work-types", ListWorkTypes).WithName("ListWorkTypes")
            .WithSummary("List the work types and their default billable percents.");
        tasks.MapGet("/statuses", ListStatuses).WithName("ListTaskStatuses")
            .WithSummary("List the task statuses in workflow order.");
        tasks.MapPost("/work-types", AddWorkType).WithName("AddWorkType")
            .WithSummary("Add a work type (admins only).").RequireAuthorization(Policies.Admin);
        tasks.MapPost("/statuses", AddStatus).WithName("AddTaskStatus")
            .WithSummary("Add a task status (admins only).").RequireAuthorization(Policies.Admin);
    }

    public static async Task<Results<Ok<Page<TaskDto>>, ValidationProblem>> List(
        TasksDbContext db, Guid? companyId, Guid? projectId, string? workType, string? status, string? assignee,
        BillingState? billingState, int? minBillablePercent, int? maxBillablePercent, string? search,
        [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()).CheckPercentRange(minBillablePercent, maxBillablePercent) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = from task in db.Tasks.AsNoTracking()
                    join project in db.Projects on task.ProjectId equals project.Id
                    select new { task, project.CompanyId };
        if (companyId is { } company) query = query.Where(x => x.CompanyId == company);
        if (projectId is { } projectFilter) query = query.Where(x => x.task.ProjectId == projectFilter);
        if (Text.Clean(workType) is { } type) query = query.Where(x => x.task.WorkType == type);
        if (Text.Clean(status) is { } state) query = query.Where(x => x.task.Status == state);
        if (Text.Clean(assignee) is { } person) query = query.Where(x => x.task.Assignee == person);
        if (billingState is { } billing) query = query.Where(x => x.task.BillingState == billing);
        if (minBillablePercent is { } min) query = query.Where(x => x.task.BillablePercent >= min);
        if (maxBillablePercent is { } max) query = query.Where(x => x.task.BillablePercent <= max);
        if (Text.Clean(search) is { } text)
        {
            query = query.Where(x => EF.Functions.ILike(x.task.Title, ListFilters.ContainsPattern(text), @"\") || x.task.ExternalKey == text);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(x => x.task.Title).ThenBy(x => x.task.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage<TaskDto>([.. items.Select(x => ToDto(x.task, x.CompanyId))], total));
    }

    public static async Task<Results<Ok<TaskDto>, NotFound<ProblemDetails>>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken)
    {
        var found = await (from task in db.Tasks.AsNoTracking()
                           join project in db.Projects on task.ProjectId equals project.Id
                           where task.Id == id
                           select new { task, project.CompanyId }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? Problems.NotFound("Task not found.") : TypedResults.Ok(ToDto(found.task, found.CompanyId));
    }

    public static async Task<Results<Created<TaskDto>, ValidationProblem, Conflict<ProblemDetails>>> Create(
        TaskRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var (details, project, errors) = await ToDetailsAsync(request, db, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.Tasks.AnyAsync(t => t.ExternalId == externalId, cancellationToken))
        {
            return Problems.Conflict("External id in use.", $"A task with external id '{externalId}' exists; update it instead.");
        }

        var task = ProjectTask.Create(Text.Clean(request.ExternalId));
        task.Update(details!, time.GetUtcNow());
        db.Tasks.Add(task);
        db.AddEvent(Events.Changed(task, project!.CompanyId));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/{task.Id}", ToDto(task, project.CompanyId));
    }

    public static async Task<Results<Ok<TaskDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Update(
        Guid id, TaskRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Tasks.SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } task)
        {
            return Problems.NotFound("Task not found.");
        }

        var (details, project, errors) = await ToDetailsAsync(request, db, cancellationToken, task);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var billedIn = details!.ProjectId != task.ProjectId
            ? (await db.BilledReportOfTasksAsync([id], cancellationToken)).GetValueOrDefault(id)
            : null;
        if (task.WhyRefused(details, billedIn) is { } why)
        {
            return Problems.Conflict("Billed time.", ConflictDetails.Sentence(why), ConflictDetails.With(new { report = billedIn }));
        }

        var previousProject = task.ProjectId;
        if (task.Update(details, time.GetUtcNow()))
        {
            db.AddEvent(Events.Changed(task, project!.CompanyId));
            if (task.ProjectId != previousProject)
            {
                await db.RepublishMovedTasksAsync(
                    new Dictionary<Guid, TaskOwner> { [task.Id] = new(task.ProjectId, project.CompanyId) }, time.GetUtcNow(), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(task, project!.CompanyId));
    }

    public static async Task<Ok<List<WorkTypeDto>>> ListWorkTypes(TasksDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.WorkTypes.AsNoTracking().OrderBy(w => w.Name)
            .Select(w => new WorkTypeDto(w.Name, w.DefaultBillablePercent)).ToListAsync(cancellationToken));

    public static async Task<Ok<List<StatusDto>>> ListStatuses(TasksDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Statuses.AsNoTracking().OrderBy(s => s.Position)
            .Select(s => new StatusDto(s.Name, s.Position)).ToListAsync(cancellationToken));

    public static async Task<Results<Created<WorkTypeDto>, Conflict<ProblemDetails>>> AddWorkType(
        WorkTypeRequest request, TasksDbContext db, CancellationToken cancellationToken)
    {
        var name = request.Name.Trim();
        if (await db.WorkTypes.AnyAsync(w => w.Name == name, cancellationToken))
        {
            return Problems.Conflict("Work type exists.", $"'{name}' is already a work type.");
        }

        var workType = new WorkType { Name = name, DefaultBillablePercent = request.DefaultBillablePercent };
        db.WorkTypes.Add(workType);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/work-types", new WorkTypeDto(workType.Name, workType.DefaultBillablePercent));
    }

    public static async Task<Results<Created<StatusDto>, Conflict<ProblemDetails>>> AddStatus(
        StatusRequest request, TasksDbContext db, CancellationToken cancellationToken)
    {
        var name = request.Name.Trim();
        if (await db.Statuses.AnyAsync(s => s.Name == name, cancellationToken))
        {
            return Problems.Conflict("Status exists.", $"'{name}' is already a task status.");
        }

        var status = new WorkflowStatus { Name = name, Position = request.Position };
        db.Statuses.Add(status);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/statuses", new StatusDto(status.Name, status.Position));
    }

    /// <summary>The task's details from a request, with its billable percent as <see cref="ProjectTask.BillablePercentOf"/> sets it.</summary>
    public static async Task<(TaskDetails? Details, Project? Project, FieldErrors Errors)> ToDetailsAsync(
        TaskRequest request, TasksDbContext db, CancellationToken cancellationToken, ProjectTask? existing = null)
    {
        var errors = new FieldErrors();
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.ProjectId, cancellationToken);
        errors.Check(project is not null, nameof(request.ProjectId), "No such project.");
        var workType = await db.WorkTypes.AsNoTracking().SingleOrDefaultAsync(w => w.Name == request.WorkType.Trim(), cancellationToken);
        errors.Check(workType is not null, nameof(request.WorkType), "Unknown work type.");
        var status = Text.Clean(request.Status) ?? existing?.Status ?? WorkflowStatus.Defaults[0].Name;
        errors.Check(await db.Statuses.AnyAsync(s => s.Name == status, cancellationToken), nameof(request.Status), "Unknown status.");
        if (errors.Any)
        {
            return (null, null, errors);
        }

        var percent = ProjectTask.BillablePercentOf(request.BillablePercent, existing, workType!, project!.BillablePercentFor(workType!.Name));
        return (new TaskDetails(project!.Id, request.Title.Trim(), workType!.Name, status, percent, Text.Clean(request.Assignee),
            request.CompletedOn, Text.Clean(request.ExternalKey), Text.Clean(request.ExternalUrl)), project, errors);
    }

    public static TaskDto ToDto(ProjectTask t, Guid companyId) => new(
        t.Id, t.ExternalId, t.ProjectId, companyId, t.Title, t.WorkType, t.Status, t.BillablePercent, t.Assignee, t.CompletedOn,
        t.ExternalKey, t.ExternalUrl, t.BillingState, t.Version);
}
