using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Apis;

public sealed record CompanyRequest(
    [property: Required, StringLength(300, MinimumLength = 1)] string Name,
    [property: StringLength(500)] string? LegalName,
    [property: StringLength(50)] string? TaxId,
    [property: StringLength(1000)] string? Address,
    [property: StringLength(300)] string? BankName,
    [property: StringLength(64)] string? BankAccount,
    [property: StringLength(20)] string? BankBic,
    [property: EmailAddress, StringLength(320)] string? ContactEmail,
    [property: Required, StringLength(3, MinimumLength = 3)] string Currency,
    [property: Range(0, 365)] int PaymentTermsDays,
    [property: StringLength(200)] string? ExternalId = null)
{
    public CompanyDetails ToDetails() => new(Name.Trim(), Text.Clean(LegalName), Text.Clean(TaxId), Text.Clean(Address),
        Text.Clean(BankName), Text.Clean(BankAccount), Text.Clean(BankBic), Text.Clean(ContactEmail),
        Currency, PaymentTermsDays);

    public FieldErrors Check() => new FieldErrors().Check(Currencies.IsKnown(Currency), nameof(Currency), Currencies.Hint);
}

public sealed record CompanyDto(
    Guid Id, string? ExternalId, string Name, string? LegalName, string? TaxId, string? Address, string? BankName,
    string? BankAccount, string? BankBic, string? ContactEmail, string Currency, int PaymentTermsDays, long Version);

public static class CompaniesApi
{
    public static void MapCompaniesApi(this IEndpointRouteBuilder app)
    {
        var companies = app.MapGroup("/api/companies").WithTags("Companies").RequireAuthorization(Policies.Manager);
        companies.MapGet("/", List).WithName("ListCompanies")
            .WithSummary("List companies, by name, optionally searched by name or legal name.");
        companies.MapGet("/{id:guid}", Get).WithName("GetCompany")
            .WithSummary("Get a company.");
        companies.MapPost("/", Create).WithName("CreateCompany")
            .WithSummary("Create a company (a client billed in one currency).");
        companies.MapPut("/{id:guid}", Update).WithName("UpdateCompany")
            .WithSummary("Replace a company's details.");
    }

    public static async Task<Results<Ok<Page<CompanyDto>>, ValidationProblem>> List(
        TasksDbContext db, string? search, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = db.Companies.AsNoTracking();
        if (Text.Clean(search) is { } text)
        {
            var pattern = ListFilters.ContainsPattern(text);
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern, @"\") || EF.Functions.ILike(c.LegalName!, pattern, @"\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage<CompanyDto>([.. items.Select(ToDto)], total));
    }

    public static async Task<Results<Ok<CompanyDto>, NotFound<ProblemDetails>>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } company
            ? TypedResults.Ok(ToDto(company))
            : Problems.NotFound("Company not found.");

    public static async Task<Results<Created<CompanyDto>, ValidationProblem, Conflict<ProblemDetails>>> Create(
        CompanyRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Check() is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.Companies.AnyAsync(c => c.ExternalId == externalId, cancellationToken))
        {
            return Problems.Conflict("External id in use.", $"A company with external id '{externalId}' exists; update it instead.");
        }

        var company = Company.Create(Text.Clean(request.ExternalId));
        company.Update(request.ToDetails(), time.GetUtcNow());
        db.Companies.Add(company);
        db.AddEvent(Events.Changed(company));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/companies/{company.Id}", ToDto(company));
    }

    public static async Task<Results<Ok<CompanyDto>, ValidationProblem, NotFound<ProblemDetails>>> Update(
        Guid id, CompanyRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Check() is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } company)
        {
            return Problems.NotFound("Company not found.");
        }

        if (company.Update(request.ToDetails(), time.GetUtcNow()))
        {
            db.AddEvent(Events.Changed(company));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(company));
    }

    public static CompanyDto ToDto(Company c) => new(
        c.Id, c.ExternalId, c.Name, c.LegalName, c.TaxId, c.Address, c.BankName, c.BankAccount, c.BankBic, c.ContactEmail,
        c.Currency, c.PaymentTermsDays, c.Version);
}
