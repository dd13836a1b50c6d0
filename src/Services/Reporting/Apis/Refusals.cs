using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Reporting.Apis;

public static class Refusals
{
    /// <summary>A refusal other than invalid input, as the problem a caller gets: 404 for what is not known, else 409.</summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal) =>
        TypedResults.Problem(statusCode: refusal.Kind == RefusalKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict,
            title: refusal.Title, detail: refusal.Detail);
}
