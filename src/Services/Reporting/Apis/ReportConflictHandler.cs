using Clearhours.Persistence;
using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Reporting.Apis;

/// <summary>
/// A move the kanban does not allow (or an edit of a report past Draft), or an approval of a snapshot that is no
/// longer current, is a 409 that says why.
/// </summary>
public sealed class ReportConflictHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ReportTransitionException refused => new ProblemDetails
            {
                Title = "Not possible in this status.",
                Detail = refused.Message,
                Extensions = { ["reportStatus"] = refused.From.ToString(), ["allowed"] = Report.AllowedFrom(refused.From).Select(s => s.ToString()).ToArray() },
            },
            StaleSnapshotException stale => new ProblemDetails { Title = "The report changed.", Detail = stale.Message },
            StaleLinesException stale => new ProblemDetails
            {
                Title = "Time changed under the report.",
                Detail = stale.Message,
                Extensions = { ["staleLines"] = stale.Lines },
            },
            UnpricedLinesException unpriced => new ProblemDetails
            {
                Title = "Lines without a rate.", Detail = unpriced.Message, Extensions = { ["unpricedLines"] = unpriced.Lines },
            },
            ReportRuleException rule => new ProblemDetails { Title = rule.Title, Detail = rule.Message },
            _ => null,
        };
        return problem is not null && await Conflicts.WriteAsync(problemDetails, context, exception, problem);
    }
}
