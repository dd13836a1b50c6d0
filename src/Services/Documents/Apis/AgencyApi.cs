using Clearhours.Documents.Infrastructure;
using Clearhours.Documents.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Apis;

/// <summary>The current agency profile; the logo itself is at GET /api/agency/logo.</summary>
public sealed record AgencyView(
    int Version, string LegalName, string TaxId, string Address, string BankName, string BankAccount, string BankBic,
    string SignatoryName, string SignatoryPosition, string AccentColor, string Language, string? LogoContentType, string ChangedBy,
    DateTimeOffset ChangedAt);

public static class AgencyApi
{
    public static RouteGroupBuilder MapAgencyApi(this RouteGroupBuilder api)
    {
        var agency = api.MapGroup("/api/agency").WithTags("Agency").RequireAuthorization(Policies.Staff);
        agency.MapGet("/", Get).WithName("GetAgencyProfile").WithSummary("The agency's requisites and look, as documents are drawn with now");
        agency.MapPut("/", Update).RequireAuthorization(Policies.Admin)
            .WithName("UpdateAgencyProfile").WithSummary("Change the agency's requisites and look")
            .WithDescription("Every field is required; language is ru (the default) or en, accentColor #rrggbb. Saves the next version of "
                + "the profile: documents drawn from now on use it, those drawn before keep theirs until drawn again.");
        agency.MapPut("/logo", UpdateLogo).RequireAuthorization(Policies.Admin)
            .WithName("UpdateAgencyLogo").WithSummary("Upload the agency's logo (PNG, or SVG without scripts)")
            .WithDescription("A multipart form with the logo as 'file', judged by its content; saves the next version of the profile.")
            .Accepts<IFormFile>("multipart/form-data").ProducesValidationProblem()
            // Above the logo's own limit, so a logo somewhat too large gets FileInspector's reason.
            .WithMetadata(new RequestSizeLimitAttribute(FileInspector.MaxLogoBytes + 1024 * 1024));
        agency.MapGet("/logo", Logo).WithName("GetAgencyLogo").WithSummary("The agency's logo as uploaded");
        return api;
    }

    public static async Task<Ok<AgencyView>> Get(DocumentsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await DocumentIssuing.CurrentProfileAsync(db, cancellationToken)).ToView());

    public static async Task<Results<Ok<AgencyView>, ValidationProblem>> Update(
        AgencyRequisites request, DocumentsDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var next = (await DocumentIssuing.CurrentProfileAsync(db, cancellationToken)).Next(request, Who(http), clock.GetUtcNow());
        db.AgencyProfiles.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(next.ToView());
    }

    public static async Task<Results<Ok<AgencyView>, ValidationProblem>> UpdateLogo(
        HttpRequest request, DocumentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var form = await Uploads.ReadFormAsync(request, cancellationToken);
        var (file, _) = form is null ? (null, false) : await Uploads.ReadFileAsync(form, "file", long.MaxValue, cancellationToken);
        if (file is null)
        {
            return errors.Add("file", "Send a multipart form with the logo as 'file'.").ToProblem();
        }

        var (inspected, png) = FileInspector.Logo(file.Content);
        if (!inspected.Accepted || png is null)
        {
            return errors.Add("file", inspected.Refusal ?? "Not a logo.").ToProblem();
        }

        var next = (await DocumentIssuing.CurrentProfileAsync(db, cancellationToken))
            .WithLogo(file.Content, inspected.ContentType!, png, Who(request.HttpContext), clock.GetUtcNow());
        db.AgencyProfiles.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(next.ToView());
    }

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> Logo(DocumentsDbContext db, CancellationToken cancellationToken) =>
        await DocumentIssuing.CurrentProfileAsync(db, cancellationToken) is { Logo: { } logo, LogoContentType: { } contentType }
            ? TypedResults.File(logo, contentType)
            : Problems.NotFound("No logo.", "The agency has not uploaded a logo.");

    public static AgencyView ToView(this AgencyProfile p) =>
        new(p.Version, p.LegalName, p.TaxId, p.Address, p.BankName, p.BankAccount, p.BankBic, p.SignatoryName, p.SignatoryPosition,
            p.AccentColor, p.Language, p.LogoContentType, p.ChangedBy, p.ChangedAt);

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}
