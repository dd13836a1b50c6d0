using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Apis;

public sealed record BillablePercentRequest([property: Required, StringLength(100)] string WorkType, [property: Range(0, 100)] int Percent);

public sealed record ProjectRequest(
    Guid CompanyId,
    [property: Required, StringLength(300, MinimumLength = 1)] string Name,
    [property: Required, StringLength(3, MinimumLength = 3)] string Currency,
    RoundingMode RoundingMode,
    [property: Range(0, 30)] int RoundingIncrementMinutes,
    [property: MaxLength(50)] IReadOnlyList<BillablePercentRequest>? BillablePercents,
    [property: StringLength(200)] string? ExternalId = null)
{
    public ProjectDetails ToDetails() => new(CompanyId, Name.Trim(), Currency, RoundingMode,
        RoundingMode == RoundingMode.None ? 0 : RoundingIncrementMinutes,
        [.. (BillablePercents ?? []).Select(p => (p.WorkType, p.Percent))]);

    public async Task<Errors> CheckAsync(TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Errors()
            .Check(CurrencyCodes.IsValid(Currency), nameof(Currency), $"Not {CurrencyCodes.Expected}.")
            .Check(Project.IsRounding(RoundingMode, RoundingIncrementMinutes), nameof(RoundingIncrementMinutes), "Rounding goes to 5, 6, 10, 15 or 30 minutes.")
            .Check(await db.Companies.AnyAsync(c => c.Id == CompanyId, cancellationToken), nameof(CompanyId), "No such company.");
        if ((BillablePercents ?? []).Any(p => p is null))
        {
            return errors.Add(nameof(BillablePercents), "An item is empty.");
        }

        var workTypes = (BillablePercents ?? []).Select(p => p.WorkType).ToList();
        errors.Check(workTypes.Distinct(StringComparer.OrdinalIgnoreCase).Count() == workTypes.Count, nameof(BillablePercents), "A work type is listed twice.");
        var known = await db.WorkTypes.Where(w => workTypes.Contains(w.Name)).CountAsync(cancellationToken);
        return errors.Check(known == workTypes.Distinct().Count(), nameof(BillablePercents), "Unknown work type.");
    }
}

public sealed record RateRequest(
    [property: StringLength(100)] string? WorkType,
    [property: StringLength(200)] string? Person,
    [property: Range(typeof(decimal), "0", "1000000")] decimal HourlyRate,
    DateOnly EffectiveFrom);

public sealed record ProjectDto(
    Guid Id, string? ExternalId, Guid CompanyId, string Name, string Currency, RoundingMode RoundingMode, int RoundingIncrementMinutes,
    IReadOnlyList<RateRequest> Rates, IReadOnlyList<BillablePercentRequest> BillablePercents, long Version);

public sealed record RateAnswer(decimal? HourlyRate, string Currency);

public static class ProjectsApi
{
    public static void MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/api/projects").WithTags("Projects").RequireAuthorization(Policies.Manager);
        projects.MapGet("/", List).WithName("ListProjects");
        projects.MapGet("/{id:guid}", Get).WithName("GetProject");
        projects.MapPost("/", Create).WithName("CreateProject");
        projects.MapPut("/{id:guid}", Update).WithName("UpdateProject");
        projects.MapPost("/{id:guid}/rates", AddRate).WithName("AddProjectRate");
        projects.MapGet("/{id:guid}/rate", ResolveRate).WithName("ResolveProjectRate");
    }

    public static async Task<Results<Ok<Page<ProjectDto>>, ValidationProblem>> List(
        TasksDbContext db, Guid? companyId, string? search, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (new Errors().CheckPage(page) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var (number, size) = ApiSupport.Paging(page, pageSize);
        var query = db.Projects.AsNoTracking();
        if (companyId is { } company)
        {
            query = query.Where(p => p.CompanyId == company);
        }

        if (ApiSupport.Clean(search) is { } text)
        {
            query = query.Where(p => EF.Functions.ILike(p.Name, ListFilters.ContainsPattern(text), @"\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<ProjectDto>([.. items.Select(ToDto)], number, size, total));
    }

    public static async Task<Results<Ok<ProjectDto>, ProblemHttpResult>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } project
            ? TypedResults.Ok(ToDto(project))
            : ApiSupport.NotFound("Project");

    public static async Task<Results<Created<ProjectDto>, ValidationProblem, ProblemHttpResult>> Create(
        ProjectRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await request.CheckAsync(db, cancellationToken) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.Projects.AnyAsync(p => p.ExternalId == externalId, cancellationToken))
        {
            return ApiSupport.Conflict("External id in use.", $"A project with external id '{externalId}' exists; update it instead.");
        }

        var project = Project.Create(ApiSupport.Clean(request.ExternalId));
        project.Update(request.ToDetails(), time.GetUtcNow());
        db.Projects.Add(project);
        db.AddEvent(Events.Changed(project));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", ToDto(project));
    }

    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, ProjectRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } project)
        {
            return ApiSupport.NotFound("Project");
        }

        if (await request.CheckAsync(db, cancellationToken) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var details = request.ToDetails();
        var billedIn = project.MovesBilledTerms(details)
            ? (await db.BilledReportOfProjectsAsync([id], cancellationToken)).GetValueOrDefault(id)
            : null;
        if (project.WhyRefused(details, billedIn) is { } why)
        {
            return ApiSupport.Conflict("Billed time.", Sentence(why), new { report = billedIn });
        }

        var previousCompany = project.CompanyId;
        if (project.Update(details, time.GetUtcNow()))
        {
            db.AddEvent(Events.Changed(project));
            if (project.CompanyId != previousCompany)
            {
                await db.RepublishMovedProjectsAsync([project], time.GetUtcNow(), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(project));
    }

    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, ProblemHttpResult>> AddRate(
        Guid id, RateRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } project)
        {
            return ApiSupport.NotFound("Project");
        }

        var workType = ApiSupport.Clean(request.WorkType);
        if (workType is not null && !await db.WorkTypes.AnyAsync(w => w.Name == workType, cancellationToken))
        {
            return new Errors().Add(nameof(request.WorkType), "Unknown work type.").ToProblem();
        }

        if (Project.WhyRateRefused(request.EffectiveFrom, await db.LastBilledDayAsync(id, cancellationToken)) is { } refused)
        {
            return ApiSupport.Conflict("Billed period.", refused);
        }

        bool added;
        try
        {
            added = project.AddRate(workType, ApiSupport.Clean(request.Person),
                decimal.Round(request.HourlyRate, 2, MidpointRounding.AwayFromZero), request.EffectiveFrom, time.GetUtcNow());
        }
        catch (InvalidOperationException conflict)
        {
            return ApiSupport.Conflict("Rate exists.", conflict.Message);
        }

        if (added)
        {
            db.AddEvent(Events.Changed(project));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(project));
    }

    /// <summary>The rate the rate card gives a person's work of a type on a date (null: the card has none).</summary>
    public static async Task<Results<Ok<RateAnswer>, ProblemHttpResult>> ResolveRate(
        Guid id, string person, string workType, DateOnly date, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } project
            ? TypedResults.Ok(new RateAnswer(project.RateFor(person, workType, date), project.Currency))
            : ApiSupport.NotFound("Project");

    /// <summary>A model's reason ("the project's time is billed…") as the sentence of a problem's detail.</summary>
    internal static string Sentence(string why) => $"{char.ToUpperInvariant(why[0])}{why[1..]}.";

    public static ProjectDto ToDto(Project p) => new(
        p.Id, p.ExternalId, p.CompanyId, p.Name, p.Currency, p.RoundingMode, p.RoundingIncrementMinutes,
        [.. p.Rates.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.WorkType).ThenBy(r => r.Person)
            .Select(r => new RateRequest(r.WorkType, r.Person, r.HourlyRate, r.EffectiveFrom))],
        [.. p.BillablePercents.Select(b => new BillablePercentRequest(b.WorkType, b.Percent))],
        p.Version);
}
