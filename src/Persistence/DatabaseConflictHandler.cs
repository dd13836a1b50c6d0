using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Persistence;

/// <summary>
/// A write that lost a race is a 409 the caller can act on, not a 500: a concurrent edit of the same row, or a
/// duplicate of something that must be unique.
/// </summary>
public sealed class DatabaseConflictHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Title = "Changed by someone else.",
                Detail = "The record changed while this request was working on it; read it again and repeat the change.",
            },
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => new ProblemDetails
            {
                Title = "Already exists.",
                Detail = "A record with the same key was created at the same moment; read it and update it instead.",
            },
            _ => null,
        };
        return problem is not null && await Conflicts.WriteAsync(problemDetails, context, exception, problem);
    }
}

public static class Conflicts
{
    public static async ValueTask<bool> WriteAsync(IProblemDetailsService problemDetails, HttpContext context, Exception exception, ProblemDetails problem)
    {
        problem.Status = StatusCodes.Status409Conflict;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
