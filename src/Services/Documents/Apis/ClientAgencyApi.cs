using Clearhours.Documents.Infrastructure;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Clearhours.Documents.Apis;

/// <summary>How the client's page shows the agency: its name, colour and logo, from the same profile the documents print.</summary>
public sealed record AgencyLook(string Name, string AccentColor, string? LogoPath);

public static class ClientAgencyApi
{
    public static RouteGroupBuilder MapClientAgencyApi(this RouteGroupBuilder api)
    {
        // Nothing secret: what every document the agency sends carries anyway. The gateway rate-limits the routes.
        var agency = api.MapGroup("/api/public/agency").WithTags("Client page").AllowAnonymous();
        agency.MapGet("/", Look).WithName("GetAgencyLook").WithSummary("The agency's name, colour and logo, for the client's page");
        agency.MapGet("/logo", Logo).WithName("GetAgencyLogoImage")
            .WithSummary("The agency's logo as a PNG")
            .WithDescription("Always the PNG drawn from the upload (an SVG is never served to a browser as is). ?v= names the profile "
                + "version, so a new logo is a new address and the old one may be cached for a long time.");
        return api;
    }

    public static async Task<Ok<AgencyLook>> Look(DocumentsDbContext db, CancellationToken cancellationToken)
    {
        var profile = await DocumentIssuing.CurrentProfileAsync(db, cancellationToken);
        return TypedResults.Ok(new AgencyLook(profile.LegalName, profile.AccentColor,
            profile.LogoPng is null ? null : $"/api/public/agency/logo?v={profile.Version}"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> Logo(
        HttpContext http, DocumentsDbContext db, CancellationToken cancellationToken)
    {
        if (await DocumentIssuing.CurrentProfileAsync(db, cancellationToken) is not { LogoPng: { } png })
        {
            return Problems.NotFound("No logo.", "The agency has not uploaded a logo.");
        }

        http.Response.Headers.CacheControl = "public, max-age=86400";
        return TypedResults.File(png, "image/png");
    }
}
