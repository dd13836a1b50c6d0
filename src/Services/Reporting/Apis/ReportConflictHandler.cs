using Clearhours.Messaging;
using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Reporting.Apis;

/// <summary>A move the kanban does not allow (or an edit of a report past Draft) is a 409 naming both statuses.</summary>
public sealed class ReportConflictHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken) =>
        exception is ReportTransitionException refused
        && await Conflicts.WriteAsync(problemDetails, context, exception, new ProblemDetails
        {
            Title = "Not possible in this status.",
            Detail = refused.Message,
            Extensions = { ["reportStatus"] = refused.From.ToString(), ["allowed"] = Report.AllowedFrom(refused.From).Select(s => s.ToString()).ToArray() },
        });
}
