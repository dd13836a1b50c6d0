using System.ComponentModel.DataAnnotations;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Infrastructure.EntityConfigurations;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Reporting.Apis;

public sealed record CreateReportRequest(
    Guid CompanyId,
    DateOnly From,
    DateOnly To,
    [property: StringLength(300)] string? Title,
    IReadOnlyList<Guid>? ProjectIds,
    IReadOnlyList<string>? WorkTypes,
    IReadOnlyList<string>? Statuses,
    IReadOnlyList<string>? Persons,
    int? MinBillablePercent,
    int? MaxBillablePercent)
{
    public PreviewRequest ToPreview() =>
        new(CompanyId, From, To, ProjectIds, WorkTypes, Statuses, Persons, MinBillablePercent, MaxBillablePercent);
}

public sealed record AdjustmentRequest(
    [property: Required, StringLength(300, MinimumLength = 1)] string Description,
    [property: Range(typeof(decimal), "-100000000", "100000000")] decimal Amount,
    [property: Required, StringLength(1000, MinimumLength = 1)] string Reason);

/// <summary>The manager's card; its documents come newest first, each with its kind, file name, version and status.</summary>
public sealed record ReportCard(
    Guid Id, string Number, string Title, Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, ReportFilters Filters,
    string Currency, ReportStatus Status, IReadOnlyList<CardLine> Lines, IReadOnlyList<Adjustment> Adjustments, ReportTotals Totals,
    decimal Amount, IReadOnlyList<StatusChange> History, string? SnapshotHash, Approval? Approval,
    IReadOnlyList<ChangeRequest> ChangeRequests, string? InvoiceNumber, IReadOnlyList<ReportDocument> Documents, long Version,
    LockStatus Locks, IReadOnlyList<StaleLine> StaleLines, IReadOnlyList<ReportPayment> Payments, decimal? Balance);

public sealed record ReportSummary(
    Guid Id, string Number, string Title, Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, ReportStatus Status,
    decimal Amount, string Currency, decimal BilledHours, DateTimeOffset CreatedAt, DateTimeOffset StatusSince);

public sealed record BoardColumn(ReportStatus Status, int Count, IReadOnlyList<CurrencySum> Sums, IReadOnlyList<ReportSummary> Cards);

public sealed record CurrencySum(string Currency, decimal Amount);

public sealed record ClaimConflict(Guid TimeEntryId, string ReportNumber);

public sealed record SentReport(ReportCard Report, ShareLinkCreated Link);

public static class ReportsApi
{
    /// <summary>Cards shown per board column; the count and sums cover them all.</summary>
    public const int BoardCardsPerColumn = 50;

    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Policies.Manager);
        reports.MapPost("/", Create).WithName("CreateReport").WithSummary("Build a report and claim its time")
            .WithDescription("Bills what the preview of these filters shows and claims its time entries, so no other report bills them. "
                + "A 409 lists the entries another report claimed a moment earlier; a 422 says no unbilled time matches.");
        reports.MapGet("/", Search).WithName("SearchReports").WithSummary("Find reports by company, status, number and period")
            .WithDescription("Newest first. The period matches every report that overlaps it; the number matches any part of it, literally.");
        reports.MapGet("/board", Board).WithName("ReportBoard").WithSummary("The kanban: count, sums per currency and newest cards per status");
        reports.MapGet("/{id:guid}", Get).WithName("GetReport").WithSummary("A report card, with the lines whose time changed since it was claimed");
        reports.MapPost("/{id:guid}/adjustments", AddAdjustment).WithName("AddReportAdjustment").WithSummary("Add a discount or surcharge to a draft")
            .WithDescription("The amount is rounded to the cent. A report past Draft is a 409.").ProducesProblem(StatusCodes.Status409Conflict);
        reports.MapPost("/{id:guid}/send", Send).WithName("SendReport").WithSummary("Freeze the report and give the client a link")
            .WithDescription("A 409 when the status does not allow sending, when time changed under a line (staleLines) or a line has "
                + "no rate (unpricedLines). Every sending freezes a new snapshot with a new hash, and the previous link stops working.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// Builds a report from the preview of its filters and claims its time entries. The claims' unique key decides a
    /// race between two managers: every entry lands in one report, and the other gets a 409 listing the entries.
    /// </summary>
    public static async Task<Results<Created<ReportCard>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> Create(
        CreateReportRequest request, ReportingDbContext db, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var (preview, refusal) = await db.PreviewAsync(request.ToPreview().ToCriteria(), cancellationToken);
        if (preview is null)
        {
            return refusal!.Kind switch
            {
                RefusalKind.Invalid => TypedResults.ValidationProblem(refusal.Errors!),
                RefusalKind.NotFound => Problems.NotFound(refusal.Title, refusal.Detail),
                _ => Problems.Conflict(refusal.Title, refusal.Detail),
            };
        }

        if (preview.Lines.Count == 0)
        {
            return Problems.UnprocessableEntity("Nothing to report.", "No unbilled time matches these filters in this period.");
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sequence = await db.Database.SqlQuery<long>($"SELECT nextval('report_numbers') AS \"Value\"").SingleAsync(cancellationToken);
        var report = Report.Create($"R-{now.Year}-{sequence:D4}",
            string.IsNullOrWhiteSpace(request.Title) ? $"{preview.CompanyName}, {request.From:dd.MM.yyyy}–{request.To:dd.MM.yyyy}" : request.Title.Trim(),
            preview.CompanyId, preview.CompanyName, request.From, request.To,
            new ReportFilters(request.ProjectIds, request.WorkTypes, request.Statuses, request.Persons, request.MinBillablePercent, request.MaxBillablePercent),
            preview.Totals.Currency, preview.Lines, Who(http), now);
        db.Reports.Add(report);
        db.Claims.AddRange(preview.Entries.Select(entry => ReportClaim.Of(report.Id, entry, now)));
        db.AddEvent(report.ClaimsChanged(now)); // Tasks locks the time from this moment on
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (IsClaimTaken(error))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await ClaimedElsewhereAsync(db, [.. report.BilledTimeEntryIds], cancellationToken);
        }

        return TypedResults.Created($"/api/reports/{report.Id}", ToCard(report, []));
    }

    public static async Task<Results<Ok<ReportCard>, NotFound<ProblemDetails>>> Get(Guid id, ReportingDbContext db, CancellationToken cancellationToken) =>
        await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } report
            ? TypedResults.Ok(await CardAsync(db, report, cancellationToken))
            : NotFound();

    /// <summary>Every report in every status stays: found by company, period, status and number.</summary>
    public static async Task<Results<Ok<Page<ReportSummary>>, ValidationProblem>> Search(
        ReportingDbContext db, Guid? companyId, ReportStatus? status, DateOnly? from, DateOnly? to, string? number,
        [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = db.Reports.AsNoTracking();
        if (companyId is { } company) query = query.Where(r => r.CompanyId == company);
        if (status is { } state) query = query.Where(r => r.Status == state);
        if (from is { } start) query = query.Where(r => r.To >= start);
        if (to is { } end) query = query.Where(r => r.From <= end);
        if (!string.IsNullOrWhiteSpace(number)) query = query.Where(r => r.Number.Contains(number.Trim()));
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip(paging.Skip).Take(paging.Size).Select(Summary).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage(items, total));
    }

    /// <summary>
    /// The kanban: a column per status with its count, its sums per currency and its newest cards; of one client, and of
    /// the reports whose period meets from..to, when asked.
    /// </summary>
    public static async Task<Ok<IReadOnlyList<BoardColumn>>> Board(
        ReportingDbContext db, Guid? companyId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var reports = db.Reports.AsNoTracking();
        if (companyId is { } company) reports = reports.Where(r => r.CompanyId == company);
        if (from is { } start) reports = reports.Where(r => r.To >= start);
        if (to is { } end) reports = reports.Where(r => r.From <= end);
        var sums = await reports
            .GroupBy(r => new { r.Status, r.Currency })
            .Select(g => new { g.Key.Status, g.Key.Currency, Count = g.Count(), Amount = g.Sum(r => r.Amount) })
            .ToListAsync(cancellationToken);
        var columns = new List<BoardColumn>();
        foreach (var status in Enum.GetValues<ReportStatus>())
        {
            var cards = await reports.Where(r => r.Status == status)
                .OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Id).Take(BoardCardsPerColumn)
                .Select(Summary).ToListAsync(cancellationToken);
            var here = sums.Where(s => s.Status == status).ToList();
            columns.Add(new BoardColumn(status, here.Sum(s => s.Count), [.. here.Select(s => new CurrencySum(s.Currency, s.Amount))], cards));
        }

        return TypedResults.Ok<IReadOnlyList<BoardColumn>>(columns);
    }

    public static async Task<Results<Ok<ReportCard>, NotFound<ProblemDetails>>> AddAdjustment(
        Guid id, AdjustmentRequest request, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        report.AddAdjustment(request.Description.Trim(), request.Amount, request.Reason.Trim(), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await CardAsync(db, report, cancellationToken));
    }

    /// <summary>
    /// Freezes the report's snapshot (a new one and a new hash at every sending), gives the client a fresh link (the
    /// previous one stops working) and publishes ReportSent.
    /// </summary>
    public static async Task<Results<Ok<SentReport>, NotFound<ProblemDetails>>> Send(
        Guid id, ReportingDbContext db, ShareLinks shareLinks, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (await db.Reports.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        if (!Report.AllowedFrom(report.Status).Contains(ReportStatus.Sent))
        {
            throw new ReportTransitionException(report.Status, ReportStatus.Sent);
        }

        // Time that changed in Tasks after the report was built never reaches the client unnoticed.
        report.EnsureCurrent(await db.StaleLinesAsync(report, cancellationToken));

        // One transaction: if the report cannot be saved, the client's current link keeps working.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var link = await shareLinks.RotateAsync(id, cancellationToken);
        db.AddEvent(report.Send(Who(http), time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new SentReport(ToCard(report, []), ShareLinksApi.Created(link)));
    }

    /// <summary>The card with the lines that went stale, which only a live report's claims can show.</summary>
    public static async Task<ReportCard> CardAsync(ReportingDbContext db, Report report, CancellationToken cancellationToken) =>
        ToCard(report, await db.StaleLinesAsync(report, cancellationToken));

    public static ReportCard ToCard(Report r, IReadOnlyList<StaleLine> staleLines)
    {
        var included = r.Lines.Where(l => !l.Excluded).Select(l => l.Line).ToList();
        var lineTotals = ReportCalculator.Totals(included, r.Currency);
        return new ReportCard(r.Id, r.Number, r.Title, r.CompanyId, r.CompanyName, r.From, r.To, r.Filters, r.Currency, r.Status,
            r.Lines, r.Adjustments, lineTotals with { Amount = r.Amount }, r.Amount, r.History, r.SnapshotHash, r.Approval,
            r.ChangeRequests, r.InvoiceNumber, r.DocumentsNewestFirst(), r.Version, r.LockStatus, staleLines, r.Payments, r.Balance);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Report, ReportSummary>> Summary =
        r => new ReportSummary(r.Id, r.Number, r.Title, r.CompanyId, r.CompanyName, r.From, r.To, r.Status, r.Amount, r.Currency,
            r.BilledHours, r.CreatedAt, r.StatusSince);

    internal static NotFound<ProblemDetails> NotFound() => Problems.NotFound("Report not found.");

    internal static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    internal static bool IsClaimTaken(DbUpdateException error) =>
        error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: ReportClaimEntityTypeConfiguration.PrimaryKey,
        };

    internal static async Task<Conflict<ProblemDetails>> ClaimedElsewhereAsync(ReportingDbContext db, IReadOnlyList<Guid> entries, CancellationToken cancellationToken)
    {
        var taken = await (from claim in db.Claims.AsNoTracking()
                           join report in db.Reports on claim.ReportId equals report.Id
                           where entries.Contains(claim.TimeEntryId)
                           orderby report.Number, claim.TimeEntryId
                           select new ClaimConflict(claim.TimeEntryId, report.Number)).ToListAsync(cancellationToken);
        return Problems.Conflict("Time already in another report.",
            $"{taken.Count} of these time entries were put in another report a moment ago; build the report again.",
            new Dictionary<string, object?> { ["conflicts"] = taken });
    }
}
