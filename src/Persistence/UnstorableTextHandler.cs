using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Clearhours.Persistence;

/// <summary>
/// PostgreSQL text cannot hold a NUL character (U+0000): a request carrying one in a body or a filter is the caller's
/// bad input, a 400, not a 500 from the statement that met it. Nothing was written: that statement failed.
/// </summary>
public sealed class UnstorableTextHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var cause = exception;
        while (cause is not null and not PostgresException)
        {
            cause = cause.InnerException;
        }

        if (cause is not PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire })
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request could not be read.",
                Detail = "A text holds a character that cannot be stored (NUL, \\u0000).",
            },
        });
    }
}
