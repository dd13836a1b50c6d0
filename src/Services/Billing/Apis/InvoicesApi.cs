using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Apis;

public sealed record InvoiceSummary(
    Guid Id, string Number, Guid ReportId, string ReportNumber, Guid CompanyId, string CompanyName, InvoiceStatus Status,
    string Currency, decimal Total, decimal PaidAmount, decimal Balance, string PaymentReference, DateOnly IssuedOn, DateOnly DueOn,
    DateOnly PeriodFrom, DateOnly PeriodTo);

public sealed record LedgerLine(int No, LedgerKind Kind, decimal Amount, decimal BalanceAfter, InvoiceStatus StatusAfter, string Note, string By, DateTimeOffset At);

/// <summary>An invoice with its payments and ledger; WhyNotCancellable is null when it can be cancelled, else the reason.</summary>
public sealed record InvoiceCard(
    Guid Id, string Number, Guid ReportId, string ReportNumber, Guid CompanyId, InvoiceClient Client, InvoiceStatus Status,
    string Currency, decimal Total, decimal PaidAmount, decimal Balance, string PaymentReference, DateOnly IssuedOn, DateOnly DueOn,
    DateOnly PeriodFrom, DateOnly PeriodTo, IReadOnlyList<InvoiceLine> Lines, string SnapshotHash, string? CancelReason,
    string? CreditNoteNumber, IReadOnlyList<PaymentView> Payments, IReadOnlyList<LedgerLine> Ledger, string? WhyNotCancellable);

public sealed record CancelInvoiceRequest(string? Reason);

public static class InvoicesApi
{
    public static RouteGroupBuilder MapInvoicesApi(this RouteGroupBuilder api)
    {
        var invoices = api.MapGroup("/api/invoices").WithTags("Invoices").RequireAuthorization(Policies.Accountant);
        invoices.MapGet("/", Search).WithName("SearchInvoices").WithSummary("Find invoices by report, company, status, issue date and number")
            .WithDescription("Newest first. Status is as of today: an Issued or PartiallyPaid invoice past its due date is Overdue, "
                + "and only Overdue finds it. from and to bound the issue date (inclusive); number matches the invoice number or its beginning.");
        invoices.MapGet("/{id:guid}", Get).WithName("GetInvoice").WithSummary("An invoice with its lines, payments and ledger");
        invoices.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelInvoice").WithSummary("Cancel an unpaid invoice with a credit note")
            .WithDescription("Takes a credit-note number from its own series and publishes InvoiceCancelled, which returns the report to "
                + "Approved. An invoice with payments, or one already cancelled, is a 409 saying why.");
        invoices.MapPost("/{id:guid}/reissue", Reissue).WithName("ReissueInvoice").WithSummary("Issue a cancelled invoice anew")
            .WithDescription("The same approved lines and total under the next invoice number, with the client's current requisites "
                + "and payment terms; publishes InvoiceIssued, which moves the report from Approved to Invoiced. Only a cancelled invoice "
                + "whose report is neither cancelled nor billed by another invoice; otherwise a 409 saying why.");
        return api;
    }

    public static async Task<Results<Ok<Page<InvoiceSummary>>, ValidationProblem>> Search(
        BillingDbContext db, TimeProvider clock, Guid? reportId, Guid? companyId, InvoiceStatus? status, DateOnly? from, DateOnly? to,
        string? number, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = paging.Check(new FieldErrors())
            .Check(from is null || to is null || from <= to, "to", "Not before from.")
            .Check(number is not { Length: > 40 }, "number", "At most 40 characters.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var today = Today(clock);
        var query = db.Invoices.AsNoTracking();
        if (reportId is { } report) query = query.Where(i => i.ReportId == report);
        if (companyId is { } company) query = query.Where(i => i.CompanyId == company);
        if (status is { } state) query = query.WhereStatusOn(state, today);
        if (from is { } start) query = query.Where(i => i.IssuedOn >= start);
        if (to is { } end) query = query.Where(i => i.IssuedOn <= end);
        if (Text.Clean(number) is { } prefix) query = query.Where(i => i.Number.ToUpper().StartsWith(prefix.ToUpper()));
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(i => i.Year).ThenByDescending(i => i.Sequence)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage([.. page.Select(i => i.ToSummary(today))], total));
    }

    public static async Task<Results<Ok<InvoiceCard>, NotFound<ProblemDetails>>> Get(
        Guid id, BillingDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        await db.Invoices.AsNoTracking().Include(i => i.Ledger).SingleOrDefaultAsync(i => i.Id == id, cancellationToken) is { } invoice
            ? TypedResults.Ok(await CardAsync(db, invoice, Today(clock), cancellationToken))
            : NotFound();

    public static async Task<Results<Ok<InvoiceCard>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Cancel(
        Guid id, CancelInvoiceRequest request, BillingDbContext db, InvoiceCancellation cancellation, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken)
    {
        var reason = Text.Clean(request.Reason);
        if (new FieldErrors().Check(reason is { Length: <= 1000 }, "reason", "Why the invoice is cancelled, 1 to 1000 characters.") is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await cancellation.CancelAsync(id, reason!, Who(http), cancellationToken);
        switch (outcome.Kind)
        {
            case CancellationOutcomeKind.NotFound:
                return NotFound();
            case CancellationOutcomeKind.Refused:
                return Problems.Conflict("The invoice cannot be cancelled.", outcome.Reason);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await CardAsync(db, outcome.Invoice!, Today(clock), cancellationToken));
    }

    public static async Task<Results<Created<InvoiceCard>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Reissue(
        Guid id, BillingDbContext db, InvoiceIssuing issuing, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await issuing.ReissueAsync(id, Who(http), cancellationToken);
        switch (outcome.Kind)
        {
            case ReissueOutcomeKind.NotFound:
                return NotFound();
            case ReissueOutcomeKind.Refused:
                return Problems.Conflict("The invoice cannot be issued anew.", outcome.Reason);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (InvoiceIssuing.IsSecondLiveInvoice(error))
        {
            return Problems.Conflict("The invoice cannot be issued anew.", "Its report was billed by another invoice meanwhile.");
        }

        await transaction.CommitAsync(cancellationToken);
        var invoice = outcome.Invoice!;
        return TypedResults.Created($"/api/invoices/{invoice.Id}", await CardAsync(db, invoice, Today(clock), cancellationToken));
    }

    /// <summary>
    /// The invoices that read as <paramref name="status"/> on <paramref name="today"/> (see <see cref="Invoice.StatusOn"/>),
    /// in SQL terms: unpaid past the due date is Overdue, and then neither Issued nor PartiallyPaid.
    /// </summary>
    public static IQueryable<Invoice> WhereStatusOn(this IQueryable<Invoice> invoices, InvoiceStatus status, DateOnly today) => status switch
    {
        InvoiceStatus.Overdue => invoices.Where(i => (i.Status == InvoiceStatus.Issued || i.Status == InvoiceStatus.PartiallyPaid) && i.DueOn < today),
        InvoiceStatus.Issued or InvoiceStatus.PartiallyPaid => invoices.Where(i => i.Status == status && i.DueOn >= today),
        _ => invoices.Where(i => i.Status == status),
    };

    public static InvoiceSummary ToSummary(this Invoice i, DateOnly today) =>
        new(i.Id, i.Number, i.ReportId, i.ReportNumber, i.CompanyId, i.Client.Name, i.StatusOn(today), i.Currency, i.Total, i.PaidAmount,
            i.Balance, i.PaymentReference, i.IssuedOn, i.DueOn, i.PeriodFrom, i.PeriodTo);

    private static async Task<InvoiceCard> CardAsync(BillingDbContext db, Invoice i, DateOnly today, CancellationToken cancellationToken)
    {
        var payments = await db.Payments.AsNoTracking().Where(p => p.InvoiceId == i.Id)
            .OrderBy(p => p.ReceivedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return new InvoiceCard(i.Id, i.Number, i.ReportId, i.ReportNumber, i.CompanyId, i.Client, i.StatusOn(today), i.Currency, i.Total,
            i.PaidAmount, i.Balance, i.PaymentReference, i.IssuedOn, i.DueOn, i.PeriodFrom, i.PeriodTo, i.Lines, i.SnapshotHash,
            i.CancelReason, i.CreditNoteNumber, [.. payments.Select(p => p.ToView())],
            [.. i.Ledger.OrderBy(e => e.No).Select(e => new LedgerLine(e.No, e.Kind, e.Amount, e.BalanceAfter, e.StatusAfter, e.Note, e.By, e.At))],
            i.WhyNotCancellable());
    }

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static NotFound<ProblemDetails> NotFound() => Problems.NotFound("Invoice not found.");
}
