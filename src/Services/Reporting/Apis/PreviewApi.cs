using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
    public static PreviewCriteria ToCriteria(this PreviewRequest request) =>
        new(request.CompanyId, request.From, request.To, new ReportFilters(request.ProjectIds, request.WorkTypes, request.Statuses,
            request.Persons, request.MinBillablePercent, request.MaxBillablePercent));

    public static void MapPreviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Manager)
            .MapPost("/preview", Preview).WithName("PreviewReport").WithSummary("What a report for these filters would bill")
            .WithDescription("The client's unbilled time in the period, line by line with totals, and earlier unbilled time the period "
                + "leaves out. A 409 when some time belongs to a task or project not heard of yet, or the projects bill in several currencies.");
    }

    /// <summary>What a report for these filters would bill: the matching unbilled time, line by line, with totals.</summary>
    public static async Task<Results<Ok<PreviewAnswer>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Preview(
        PreviewRequest request, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var (preview, refusal) = await db.PreviewAsync(request.ToCriteria(), cancellationToken);
        if (preview is null)
        {
            return refusal!.Kind switch
            {
                RefusalKind.Invalid => TypedResults.ValidationProblem(refusal.Errors!),
                RefusalKind.NotFound => Problems.NotFound(refusal.Title, refusal.Detail),
                _ => Problems.Conflict(refusal.Title, refusal.Detail),
            };
        }

        return TypedResults.Ok(new PreviewAnswer(preview.CompanyId, preview.CompanyName, preview.From, preview.To,
            [.. preview.Lines.Select(l => new PreviewLine(l.TaskId, l.TaskKey, l.Title, l.TaskUrl, l.WorkType, l.ActualMinutes,
                l.BillablePercent, l.BilledMinutes, l.BilledHours, l.Rate, l.Amount, l.NonBillableReason, l.TimeEntryIds.Count))],
            preview.Totals, await db.EarlierUnbilledAsync(request.CompanyId, request.From, request.ToCriteria().Filters, cancellationToken)));
    }
}
