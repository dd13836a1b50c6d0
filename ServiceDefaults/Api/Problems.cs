using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.ServiceDefaults.Api;

/// <summary>
/// Problem results typed by their status, so a handler's signature (and so its OpenAPI document) says what it answers.
/// <see cref="ProblemWriting"/> writes each through the problem-details service, as every other problem.
/// </summary>
public static class Problems
{
    public static NotFound<ProblemDetails> NotFound(string title, string? detail = null) =>
        TypedResults.NotFound(Problem(StatusCodes.Status404NotFound, title, detail, null));

    public static Conflict<ProblemDetails> Conflict(string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Conflict(Problem(StatusCodes.Status409Conflict, title, detail, extensions));

    public static UnprocessableEntity<ProblemDetails> UnprocessableEntity(string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.UnprocessableEntity(Problem(StatusCodes.Status422UnprocessableEntity, title, detail, extensions));

    public static JsonHttpResult<ProblemDetails> Forbidden(string title, string? detail = null) =>
        TypedResults.Json(Problem(StatusCodes.Status403Forbidden, title, detail, null), statusCode: StatusCodes.Status403Forbidden,
            contentType: "application/problem+json");

    private static ProblemDetails Problem(int status, string title, string? detail, IDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
