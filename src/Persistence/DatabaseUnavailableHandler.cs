using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Clearhours.Persistence;

/// <summary>
/// The database gone (stopped, restarting, unreachable) or a failure it calls transient is the service's trouble,
/// not the caller's, and passes: a 503 with Retry-After that says so, never a 500. Nothing was changed: the request's
/// transaction did not commit.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsDatabaseUnavailable(exception))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The service's database is unavailable.",
            Detail = $"Nothing was changed. Try again in {RetryAfterSeconds} seconds.",
        };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Npgsql's transient failures anywhere in the chain (EF wraps them in its own exceptions).</summary>
    public static bool IsDatabaseUnavailable(Exception? exception) =>
        exception is not null && (exception is NpgsqlException { IsTransient: true } || IsDatabaseUnavailable(exception.InnerException));
}
