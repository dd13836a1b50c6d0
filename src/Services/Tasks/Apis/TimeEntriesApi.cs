using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Apis;

public sealed record TimeEntryRequest(
    Guid TaskId,
    [property: Required, StringLength(200, MinimumLength = 1)] string Person,
    // Nullable, so a request without it is told so rather than recorded on 0001-01-01.
    [property: Required] DateOnly? WorkDate,
    [property: Range(1, TimeEntry.MaxMinutes)] int Minutes,
    [property: StringLength(4000)] string? Comment,
    [property: StringLength(200)] string? ExternalId = null)
{
    public TimeEntryDetails ToDetails() => new(TaskId, Person.Trim(), WorkDate!.Value, Minutes, Text.Clean(Comment));
}

public sealed record TimeEntryDto(
    Guid Id, string? ExternalId, Guid TaskId, Guid ProjectId, Guid CompanyId, string Person, DateOnly WorkDate, int Minutes,
    string? Comment, string WorkType, int BillablePercent, TimeEntryBillingState BillingState, Guid? ReportId, string? ReportNumber, long Version);

public static class TimeEntriesApi
{
    public static void MapTimeEntriesApi(this IEndpointRouteBuilder app)
    {
        var entries = app.MapGroup("/api/time-entries").WithTags("Time entries").RequireAuthorization(Policies.Manager);
        entries.MapGet("/", List).WithName("ListTimeEntries")
            .WithSummary("List time entries, by work date, filtered by company, project, task, person, dates, work type, status, billable percent or billing state.");
        entries.MapGet("/{id:guid}", Get).WithName("GetTimeEntry")
            .WithSummary("Get a time entry with its task's work type and billable percent and its billing state.");
        entries.MapPost("/", Create).WithName("RecordTimeEntry")
            .WithSummary("Record time a person spent on a task.")
            .WithDescription("Minutes are recorded as worked; rounding and billable percents apply when a report is built. The work date may be at most one day ahead (UTC) and ten years back.");
        entries.MapPut("/{id:guid}", Update).WithName("UpdateTimeEntry")
            .WithSummary("Replace a time entry's details.")
            .WithDescription("Time claimed by a report, paid or settled as not billable cannot change: 409 naming the report.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        entries.MapDelete("/{id:guid}", Delete).WithName("DeleteTimeEntry")
            .WithSummary("Delete a time entry.")
            .WithDescription("Time claimed by a report, paid or settled as not billable cannot be deleted: 409 naming the report.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<Page<TimeEntryDto>>, ValidationProblem>> List(
        TasksDbContext db, Guid? companyId, Guid? projectId, Guid? taskId, string? person, DateOnly? from, DateOnly? to,
        string? workType, string? status, int? minBillablePercent, int? maxBillablePercent, TimeEntryBillingState? billingState,
        [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()).CheckPercentRange(minBillablePercent, maxBillablePercent) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = Rows(db);
        if (companyId is { } company) query = query.Where(r => r.CompanyId == company);
        if (projectId is { } project) query = query.Where(r => r.Task.ProjectId == project);
        if (taskId is { } task) query = query.Where(r => r.Entry.TaskId == task);
        if (Text.Clean(person) is { } who) query = query.Where(r => r.Entry.Person == who);
        if (from is { } start) query = query.Where(r => r.Entry.WorkDate >= start);
        if (to is { } end) query = query.Where(r => r.Entry.WorkDate <= end);
        if (Text.Clean(workType) is { } type) query = query.Where(r => r.Task.WorkType == type);
        if (Text.Clean(status) is { } state) query = query.Where(r => r.Task.Status == state);
        if (minBillablePercent is { } min) query = query.Where(r => r.Task.BillablePercent >= min);
        if (maxBillablePercent is { } max) query = query.Where(r => r.Task.BillablePercent <= max);
        query = billingState switch
        {
            TimeEntryBillingState.Unbilled => query.Where(r => r.Entry.ReportId == null),
            TimeEntryBillingState.InReport => query.Where(r => r.Entry.ReportId != null && r.Entry.PaidAt == null),
            TimeEntryBillingState.Paid => query.Where(r => r.Entry.PaidAt != null && !r.Entry.NotBillable),
            TimeEntryBillingState.NotBillable => query.Where(r => r.Entry.NotBillable),
            _ => query,
        };

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(r => r.Entry.WorkDate).ThenBy(r => r.Entry.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage<TimeEntryDto>([.. rows.Select(ToDto)], total));
    }

    public static async Task<Results<Ok<TimeEntryDto>, NotFound<ProblemDetails>>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken) =>
        await Rows(db).SingleOrDefaultAsync(r => r.Entry.Id == id, cancellationToken) is { } row
            ? TypedResults.Ok(ToDto(row))
            : Problems.NotFound("Time entry not found.");

    public static async Task<Results<Created<TimeEntryDto>, ValidationProblem, Conflict<ProblemDetails>>> Create(
        TimeEntryRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (CheckWorkDate(request, time) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await TaskOf(db, request.TaskId, cancellationToken) is not { } owner)
        {
            return new FieldErrors().Add(nameof(request.TaskId), "No such task.").ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.TimeEntries.AnyAsync(e => e.ExternalId == externalId, cancellationToken))
        {
            return Problems.Conflict("External id in use.", $"A time entry with external id '{externalId}' exists; update it instead.");
        }

        var entry = TimeEntry.Create(Text.Clean(request.ExternalId));
        entry.Update(request.ToDetails(), time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TimeEntries.Add(entry);
        db.AddEvent(Events.Recorded(entry, owner.Task.ProjectId, owner.CompanyId));
        // New unbilled time turns a paid task partly paid.
        await db.RefreshBillingStatesAsync([entry.TaskId], time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/time-entries/{entry.Id}", ToDto(new Row { Entry = entry, Task = owner.Task, CompanyId = owner.CompanyId }));
    }

    public static async Task<Results<Ok<TimeEntryDto>, ValidationProblem, NotFound<ProblemDetails>>> Update(
        Guid id, TimeEntryRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } entry)
        {
            return Problems.NotFound("Time entry not found.");
        }

        if (CheckWorkDate(request, time) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await TaskOf(db, request.TaskId, cancellationToken) is not { } owner)
        {
            return new FieldErrors().Add(nameof(request.TaskId), "No such task.").ToProblem();
        }

        var previousTask = entry.TaskId;
        if (entry.Update(request.ToDetails(), time.GetUtcNow()))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.AddEvent(Events.Changed(entry, owner.Task.ProjectId, owner.CompanyId));
            await db.RefreshBillingStatesAsync([previousTask, entry.TaskId], time.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(new Row { Entry = entry, Task = owner.Task, CompanyId = owner.CompanyId }));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> Delete(
        Guid id, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.TimeEntries.SingleOrDefaultAsync(e => e.Id == id, cancellationToken) is not { } entry)
        {
            return Problems.NotFound("Time entry not found.");
        }

        entry.MarkRemoved(time.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.TimeEntries.Remove(entry);
        db.AddEvent(Events.Removed(entry));
        await db.RefreshBillingStatesAsync([entry.TaskId], time.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static FieldErrors CheckWorkDate(TimeEntryRequest request, TimeProvider time) =>
        request.WorkDate is { } date && TimeEntry.CheckWorkDate(date, TimeEntry.Today(time)) is { } why
            ? new FieldErrors().Add("workDate", why)
            : new FieldErrors();

    // Initialised by member, not by constructor, so EF can keep filtering and sorting on the projection.
    private sealed class Row
    {
        public required TimeEntry Entry { get; init; }
        public required ProjectTask Task { get; init; }
        public required Guid CompanyId { get; init; }
    }

    private sealed record Owner(ProjectTask Task, Guid CompanyId);

    private static IQueryable<Row> Rows(TasksDbContext db) =>
        from entry in db.TimeEntries.AsNoTracking()
        join task in db.Tasks on entry.TaskId equals task.Id
        join project in db.Projects on task.ProjectId equals project.Id
        select new Row { Entry = entry, Task = task, CompanyId = project.CompanyId };

    private static async Task<Owner?> TaskOf(TasksDbContext db, Guid taskId, CancellationToken cancellationToken) =>
        await (from task in db.Tasks.AsNoTracking()
               join project in db.Projects on task.ProjectId equals project.Id
               where task.Id == taskId
               select new Owner(task, project.CompanyId)).SingleOrDefaultAsync(cancellationToken);

    private static TimeEntryDto ToDto(Row r) => new(
        r.Entry.Id, r.Entry.ExternalId, r.Entry.TaskId, r.Task.ProjectId, r.CompanyId, r.Entry.Person, r.Entry.WorkDate, r.Entry.Minutes,
        r.Entry.Comment, r.Task.WorkType, r.Task.BillablePercent, r.Entry.BillingState, r.Entry.ReportId, r.Entry.ReportNumber, r.Entry.Version);
}
