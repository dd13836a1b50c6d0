using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public CompanyDetails ToDetails() => new(Name.Trim(), ApiSupport.Clean(LegalName), ApiSupport.Clean(TaxId), ApiSupport.Clean(Address),
        ApiSupport.Clean(BankName), ApiSupport.Clean(BankAccount), ApiSupport.Clean(BankBic), ApiSupport.Clean(ContactEmail),
        Currency, PaymentTermsDays);

    public Errors Check() => new Errors().Check(CurrencyCodes.IsValid(Currency), nameof(Currency), $"Not {CurrencyCodes.Expected}.");
}

public sealed record CompanyDto(
    Guid Id, string? ExternalId, string Name, string? LegalName, string? TaxId, string? Address, string? BankName,
    string? BankAccount, string? BankBic, string? ContactEmail, string Currency, int PaymentTermsDays, long Version);

public static class CompaniesApi
{
    public static void MapCompaniesApi(this IEndpointRouteBuilder app)
    {
        var companies = app.MapGroup("/api/companies").WithTags("Companies").RequireAuthorization(Policies.Manager);
        companies.MapGet("/", List).WithName("ListCompanies");
        companies.MapGet("/{id:guid}", Get).WithName("GetCompany");
        companies.MapPost("/", Create).WithName("CreateCompany");
        companies.MapPut("/{id:guid}", Update).WithName("UpdateCompany");
    }

    public static async Task<Results<Ok<Page<CompanyDto>>, ValidationProblem>> List(
        TasksDbContext db, string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (new Errors().CheckPage(page) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (number, size) = ApiSupport.Paging(page, pageSize);
        var query = db.Companies.AsNoTracking();
        if (ApiSupport.Clean(search) is { } text)
        {
            var pattern = ListFilters.ContainsPattern(text);
            query = query.Where(c => EF.Functions.ILike(c.Name, pattern, @"\") || EF.Functions.ILike(c.LegalName!, pattern, @"\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.Name).ThenBy(c => c.Id).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<CompanyDto>([.. items.Select(ToDto)], number, size, total));
    }

    public static async Task<Results<Ok<CompanyDto>, ProblemHttpResult>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } company
            ? TypedResults.Ok(ToDto(company))
            : ApiSupport.NotFound("Company");

    public static async Task<Results<Created<CompanyDto>, ValidationProblem, ProblemHttpResult>> Create(
        CompanyRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Check() is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.Companies.AnyAsync(c => c.ExternalId == externalId, cancellationToken))
        {
            return ApiSupport.Conflict("External id in use.", $"A company with external id '{externalId}' exists; update it instead.");
        }

        var company = Company.Create(ApiSupport.Clean(request.ExternalId));
        company.Update(request.ToDetails(), time.GetUtcNow());
        db.Companies.Add(company);
        db.AddEvent(Events.Changed(company));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/companies/{company.Id}", ToDto(company));
    }

    public static async Task<Results<Ok<CompanyDto>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, CompanyRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Check() is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (await db.Companies.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } company)
        {
            return ApiSupport.NotFound("Company");
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
