using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Clearhours.ServiceDefaults.Api;

public static class ApiDefaults
{
    /// <summary>What every service's API group gets: enum query values by name only, and correlated problems.</summary>
    public static RouteGroupBuilder WithApiDefaults(this RouteGroupBuilder api) =>
        api.AcceptEnumNamesOnly().AddEndpointFilter(ProblemWriting.ThroughProblemDetailsAsync);
}

/// <summary>
/// A problem a handler returns as a typed value (<see cref="Problems"/>, so its signature and OpenAPI document say what
/// it answers) is written by the problem-details service like every other problem: application/problem+json, with
/// the correlation id.
/// </summary>
public static class ProblemWriting
{
    public static async ValueTask<object?> ThroughProblemDetailsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        return result is IValueHttpResult { Value: ProblemDetails problem } ? TypedResults.Problem(problem) : result;
    }
}
