using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Gateway.Apis;

public sealed record TokenRequest([property: Required, StringLength(100)] string UserName, [property: Required, StringLength(200)] string Password);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt, string[] Roles);

public sealed record CurrentUser(string UserName, string[] Roles);

public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        // With an OpenID Connect provider, tokens come from it and the built-in issuer stays off.
        if (string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IConfiguration>()["Identity:Authority"]))
        {
            auth.MapPost("/token", IssueToken)
                .WithName("IssueToken")
                .AllowAnonymous()
                .RequireRateLimiting(RateLimits.TokenPolicy);
        }

        auth.MapGet("/me", Me)
            .WithName("CurrentUser")
            .RequireAuthorization(Policies.Staff);
    }

    public static Results<Ok<TokenResponse>, ProblemHttpResult> IssueToken(TokenRequest request, StaffDirectory staff)
    {
        var user = staff.Authenticate(request.UserName, request.Password);
        if (user is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Wrong user name or password.");
        }

        var (token, expiresAt) = staff.IssueToken(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)staff.TokenLifetime.TotalSeconds, expiresAt, user.Roles));
    }

    public static Ok<CurrentUser> Me(HttpContext context) =>
        TypedResults.Ok(new CurrentUser(
            context.User.Identity?.Name ?? "",
            [.. context.User.FindAll(BuiltInIssuer.RoleClaim).Select(c => c.Value)]));
}
