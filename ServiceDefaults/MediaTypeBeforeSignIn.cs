using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A body of a media type no endpoint of the route accepts is routed to the framework's own 415 endpoint. That
/// endpoint names no authorization, so the fallback policy asked for a token first: the payment webhook and the
/// client's page, which need none, answered such a call 401 "sign in". The media type is now refused before the
/// sign-in, on every route: knowing that a route takes JSON tells a caller nothing.
/// </summary>
internal sealed class MediaTypeBeforeSignIn : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The display name of the endpoint ASP.NET Core's AcceptsMatcherPolicy routes such a request to.</summary>
    internal const string UnsupportedMediaTypeEndpoint = "415 HTTP Unsupported Media Type";

    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        !authorizeResult.Succeeded && context.GetEndpoint()?.DisplayName == UnsupportedMediaTypeEndpoint
            ? next(context)
            : standard.HandleAsync(next, context, policy, authorizeResult);
}
