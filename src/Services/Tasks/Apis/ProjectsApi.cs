using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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

    public async Task<FieldErrors> CheckAsync(TasksDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .Check(Currencies.IsKnown(Currency), nameof(Currency), Currencies.Hint)
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
        projects.MapGet("/", List).WithName("ListProjects")
            .WithSummary("List projects, by name, optionally of one company or searched by name.");
        projects.MapGet("/{id:guid}", Get).WithName("GetProject")
            .WithSummary("Get a project with its rate card and billable percents.");
        projects.MapPost("/", Create).WithName("CreateProject")
            .WithSummary("Create a project of a company.");
        projects.MapPut("/{id:guid}", Update).WithName("UpdateProject")
            .WithSummary("Replace a project's details.")
            .WithDescription("A project whose time is billed (claimed by a report or paid) cannot move to another company or change its currency: 409 naming the report. A project that moves to another company announces each of its tasks and time entries again.");
        projects.MapPost("/{id:guid}/rates", AddRate).WithName("AddProjectRate")
            .WithSummary("Add a rate to a project's rate card from a date on.")
            .WithDescription("Rates are never edited: a new rate applies from its date, so billed work keeps the rate it was billed at. A rate may start only after the last billed day (409 otherwise); the same rate again changes nothing, a different one for the same work, person and date is a 409.");
        projects.MapGet("/{id:guid}/rate", ResolveRate).WithName("ResolveProjectRate")
            .WithSummary("The hourly rate the rate card gives a person's work of a type on a date.")
            .WithDescription("The most specific rate in effect on the date (person and work type, then person, then work type, then the default), the latest of them; null when the card has none.");
    }

    public static async Task<Results<Ok<Page<ProjectDto>>, ValidationProblem>> List(
        TasksDbContext db, Guid? companyId, string? search, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = db.Projects.AsNoTracking();
        if (companyId is { } company)
        {
            query = query.Where(p => p.CompanyId == company);
        }

        if (Text.Clean(search) is { } text)
        {
            query = query.Where(p => EF.Functions.ILike(p.Name, ListFilters.ContainsPattern(text), @"\"));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(p => p.Name).ThenBy(p => p.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage<ProjectDto>([.. items.Select(ToDto)], total));
    }

    public static async Task<Results<Ok<ProjectDto>, NotFound<ProblemDetails>>> Get(Guid id, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } project
            ? TypedResults.Ok(ToDto(project))
            : Problems.NotFound("Project not found.");

    public static async Task<Results<Created<ProjectDto>, ValidationProblem, Conflict<ProblemDetails>>> Create(
        ProjectRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await request.CheckAsync(db, cancellationToken) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        if (request.ExternalId is { } externalId && await db.Projects.AnyAsync(p => p.ExternalId == externalId, cancellationToken))
        {
            return Problems.Conflict("External id in use.", $"A project with external id '{externalId}' exists; update it instead.");
        }

        var project = Project.Create(Text.Clean(request.ExternalId));
        project.Update(request.ToDetails(), time.GetUtcNow());
        db.Projects.Add(project);
        db.AddEvent(Events.Changed(project));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}", ToDto(project));
    }

    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Update(
        Guid id, ProjectRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } project)
        {
            return Problems.NotFound("Project not found.");
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
            return Problems.Conflict("Billed time.", ConflictDetails.Sentence(why), ConflictDetails.With(new { report = billedIn }));
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

    public static async Task<Results<Ok<ProjectDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> AddRate(
        Guid id, RateRequest request, TasksDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } project)
        {
            return Problems.NotFound("Project not found.");
        }

        var workType = Text.Clean(request.WorkType);
        if (workType is not null && !await db.WorkTypes.AnyAsync(w => w.Name == workType, cancellationToken))
        {
            return new FieldErrors().Add(nameof(request.WorkType), "Unknown work type.").ToProblem();
        }

        if (Project.WhyRateRefused(request.EffectiveFrom, await db.LastBilledDayAsync(id, cancellationToken)) is { } refused)
        {
            return Problems.Conflict("Billed period.", refused);
        }

        bool added;
        try
        {
            added = project.AddRate(workType, Text.Clean(request.Person),
                decimal.Round(request.HourlyRate, 2, MidpointRounding.AwayFromZero), request.EffectiveFrom, time.GetUtcNow());
        }
        catch (InvalidOperationException conflict)
        {
            return Problems.Conflict("Rate exists.", conflict.Message);
        }

        if (added)
        {
            db.AddEvent(Events.Changed(project));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(ToDto(project));
    }

    /// <summary>The rate the rate card gives a person's work of a type on a date (null: the card has none).</summary>
    public static async Task<Results<Ok<RateAnswer>, NotFound<ProblemDetails>>> ResolveRate(
        Guid id, string person, string workType, DateOnly date, TasksDbContext db, CancellationToken cancellationToken) =>
        await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } project
            ? TypedResults.Ok(new RateAnswer(project.RateFor(person, workType, date), project.Currency))
            : Problems.NotFound("Project not found.");

    public static ProjectDto ToDto(Project p) => new(
        p.Id, p.ExternalId, p.CompanyId, p.Name, p.Currency, p.RoundingMode, p.RoundingIncrementMinutes,
        [.. p.Rates.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.WorkType).ThenBy(r => r.Person)
            .Select(r => new RateRequest(r.WorkType, r.Person, r.HourlyRate, r.EffectiveFrom))],
        [.. p.BillablePercents.Select(b => new BillablePercentRequest(b.WorkType, b.Percent))],
        p.Version);
}
