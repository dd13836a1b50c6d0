using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Tasks.Apis;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>Field errors collected while checking a request; empty means valid.</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public Errors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public Errors Check(bool valid, string field, string message) => valid ? this : Add(field, message);

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public override string ToString() => string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}

public static class ApiSupport
{
    public const int MaxPageSize = 500;

    /// <summary>The furthest page a list serves: far beyond any real list, and (page - 1) * pageSize fits the offset.</summary>
    public const int MaxPage = 1_000_000;

    public static (int Page, int PageSize) Paging(int? page, int? pageSize) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 50, 1, MaxPageSize));

    /// <summary>A page too far to serve; smaller values and page sizes are clamped by <see cref="Paging"/>.</summary>
    public static Errors CheckPage(this Errors errors, int? page) =>
        errors.Check(page is not > MaxPage, "page", $"At most {MaxPage}.");

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.");

    public static ProblemHttpResult Conflict(string title, string detail, object? extensions = null)
    {
        var extra = extensions is null ? null : new Dictionary<string, object?> { ["conflict"] = extensions };
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: extra);
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
