using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record PreviewRequest(
    Guid CompanyId,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<Guid>? ProjectIds,
    IReadOnlyList<string>? WorkTypes,
    IReadOnlyList<string>? Statuses,
    IReadOnlyList<string>? Persons,
    int? MinBillablePercent,
    int? MaxBillablePercent);

/// <param name="Entries">The time the lines bill, as priced: a report claims these, versions and all.</param>
public sealed record ReportPreview(
    Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, IReadOnlyList<ReportLine> Lines, ReportTotals Totals,
    IReadOnlyList<TrackedTime> Entries);

/// <summary>A line as the preview screen shows it: how many entries, not which (a month is thousands of ids).</summary>
public sealed record PreviewLine(
    Guid TaskId, string? TaskKey, string Title, string? TaskUrl, string WorkType, int ActualMinutes, int BillablePercent,
    int BilledMinutes, decimal BilledHours, decimal? Rate, decimal Amount, string? NonBillableReason, int EntryCount);

/// <summary>EarlierUnbilled: billable time before From that no report holds; moving From to its EarliestDate includes it.</summary>
public sealed record PreviewAnswer(
    Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, IReadOnlyList<PreviewLine> Lines, ReportTotals Totals,
    EarlierUnbilledTime? EarlierUnbilled = null);

public static class PreviewApi
{
    public const int MaxPeriodDays = 366;

    public static void MapPreviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Manager)
            .MapPost("/preview", Preview).WithName("PreviewReport");
    }

    /// <summary>What a report for these filters would bill: the matching unbilled time, line by line, with totals.</summary>
    public static async Task<Results<Ok<PreviewAnswer>, ValidationProblem, ProblemHttpResult>> Preview(
        PreviewRequest request, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var (preview, problem) = await BuildAsync(request, db, cancellationToken);
        if (preview is null)
        {
            return problem!.Result is ValidationProblem invalid ? invalid : (ProblemHttpResult)problem.Result;
        }

        return TypedResults.Ok(new PreviewAnswer(preview.CompanyId, preview.CompanyName, preview.From, preview.To,
            [.. preview.Lines.Select(l => new PreviewLine(l.TaskId, l.TaskKey, l.Title, l.TaskUrl, l.WorkType, l.ActualMinutes,
                l.BillablePercent, l.BilledMinutes, l.BilledHours, l.Rate, l.Amount, l.NonBillableReason, l.TimeEntryIds.Count))],
            preview.Totals, await UnbilledTime.EarlierAsync(db, request.CompanyId, request.From, request.Filters(), cancellationToken)));
    }

    /// <summary>The preview, or why there is none (a validation problem, 404 or 409).</summary>
    public static async Task<(ReportPreview? Preview, Results<ValidationProblem, ProblemHttpResult>? Problem)> BuildAsync(
        PreviewRequest request, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var errors = Check(request);
        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors));
        }

        if (await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CompanyId, cancellationToken) is not { } company)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Company not found.",
                detail: "Reporting has not heard of this company (yet): it learns of companies from the Tasks service."));
        }

        var entries = db.TimeEntries.AsNoTracking()
            .Where(e => e.CompanyId == request.CompanyId && !e.Removed && e.WorkDate >= request.From && e.WorkDate <= request.To)
            .Where(e => !db.Claims.Any(c => c.TimeEntryId == e.Id)); // time another report bills is never offered again
        if (request.ProjectIds is { Count: > 0 } projectIds) entries = entries.Where(e => projectIds.Contains(e.ProjectId));
        if (request.Persons is { Count: > 0 } persons) entries = entries.Where(e => persons.Contains(e.Person));
        // Only what pricing needs: a month of a big client is thousands of rows.
        var candidates = await entries
            .Select(e => new TrackedTime
            {
                Id = e.Id, Version = e.Version, TaskId = e.TaskId, ProjectId = e.ProjectId, CompanyId = e.CompanyId, Person = e.Person,
                WorkDate = e.WorkDate, Minutes = e.Minutes,
            })
            .ToListAsync(cancellationToken);
        var candidateTaskIds = candidates.Select(e => e.TaskId).Distinct().ToList();
        var knownTasks = await db.Tasks.AsNoTracking().Where(t => candidateTaskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        if (knownTasks.Count < candidateTaskIds.Count)
        {
            // Time of a task not heard of yet would be billed short if it were left out.
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Task not known yet.",
                detail: "Some of this time belongs to a task Reporting has not heard of yet; try again in a moment."));
        }

        var matching = candidates.Where(e => Matches(knownTasks[e.TaskId], request)).ToList();
        var taskRows = matching.Select(e => e.TaskId).Distinct().ToDictionary(id => id, id => knownTasks[id]);
        var projectIdsUsed = taskRows.Values.Select(t => t.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => projectIdsUsed.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        if (projects.Count < projectIdsUsed.Count)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Project not known yet.",
                detail: "Some of this time belongs to a project Reporting has not heard of yet; try again in a moment."));
        }

        var currencies = projects.Values.Select(p => p.Currency).Append(company.Currency).Distinct().ToList();
        if (projects.Count > 0 && projects.Values.Select(p => p.Currency).Distinct().Count() > 1)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Several currencies.",
                detail: $"The selected projects bill in {string.Join(", ", currencies)}; one report, one currency: choose projects of one currency."));
        }

        var currency = projects.Values.Select(p => p.Currency).FirstOrDefault() ?? company.Currency;
        var lines = ReportCalculator.Lines(matching, taskRows, projects);
        return (new ReportPreview(company.Id, company.Name, request.From, request.To, lines, ReportCalculator.Totals(lines, currency), matching), null);
    }

    private static bool Matches(WorkTask task, PreviewRequest request) =>
        (request.WorkTypes is not { Count: > 0 } workTypes || workTypes.Contains(task.WorkType))
        && (request.Statuses is not { Count: > 0 } statuses || statuses.Contains(task.Status))
        && (request.MinBillablePercent is not { } min || task.BillablePercent >= min)
        && (request.MaxBillablePercent is not { } max || task.BillablePercent <= max);

    private static Dictionary<string, string[]> Check(PreviewRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.CompanyId == Guid.Empty) errors[nameof(request.CompanyId)] = ["Choose a company."];
        if (request.To < request.From) errors[nameof(request.To)] = ["The period ends before it starts."];
        else if (request.To.DayNumber - request.From.DayNumber >= MaxPeriodDays) errors[nameof(request.To)] = ["A report covers at most a year."];
        foreach (var (field, message) in BillingRules.PercentRangeErrors(request.MinBillablePercent, request.MaxBillablePercent))
        {
            errors[field] = [message];
        }

        if ((request.ProjectIds?.Count ?? 0) > 200 || (request.Persons?.Count ?? 0) > 200
            || (request.WorkTypes?.Count ?? 0) > 100 || (request.Statuses?.Count ?? 0) > 100)
        {
            errors["filters"] = ["Too many values in a filter."];
        }

        if ((request.Persons ?? []).Concat(request.WorkTypes ?? []).Concat(request.Statuses ?? []).Any(v => v is null || v.Length > 200))
        {
            errors["filters"] = ["A filter value is empty or too long."];
        }

        return errors;
    }
}
