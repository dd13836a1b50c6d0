using Clearhours.Persistence;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Tasks.Apis;

/// <summary>An edit of billed time is a 409 naming the report that billed it.</summary>
public sealed class ConflictHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken) =>
        exception is EntryLockedException locked
        && await Conflicts.WriteAsync(problemDetails, context, exception, new ProblemDetails
        {
            Title = "Billed time cannot change.",
            Detail = locked.Message,
            Extensions = { ["reportNumber"] = locked.ReportNumber, ["timeEntryId"] = locked.TimeEntryId },
        });
}
