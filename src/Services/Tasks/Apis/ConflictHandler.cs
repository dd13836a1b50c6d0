using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Tasks.Apis;

/// <summary>
/// A change that collides with the state of the data is a 409 the caller can act on: billed time, a concurrent
/// edit of the same row, or a duplicate external id.
/// </summary>
public sealed class ConflictHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            EntryLockedException locked => new ProblemDetails
            {
                Title = "Billed time cannot change.",
                Detail = locked.Message,
                Extensions = { ["reportNumber"] = locked.ReportNumber, ["timeEntryId"] = locked.TimeEntryId },
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Title = "Changed by someone else.",
                Detail = "The record changed while this request was working on it; read it again and repeat the change.",
            },
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => new ProblemDetails
            {
                Title = "Already exists.",
                Detail = "A record with the same external id was created at the same moment; update it instead.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        problem.Status = StatusCodes.Status409Conflict;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
