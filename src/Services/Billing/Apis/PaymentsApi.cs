using System.Text.Json.Serialization;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Apis;

public sealed record PaymentView(
    Guid Id, string Source, string ExternalId, string Reference, decimal Amount, string Currency, DateTimeOffset PaidAt,
    string? PayerName, string? PayerAccount, string? Purpose, DateTimeOffset ReceivedAt, PaymentStatus Status, string? Reason,
    Guid? InvoiceId, Guid? CompanyId, decimal AppliedAmount, decimal CreditAmount, string? AssignedBy);

/// <summary>What became of a payment sent in: Applied, Unmatched (parked, see the payment's reason) or Duplicate.</summary>
public sealed record PaymentReceipt(PaymentOutcomeKind Outcome, PaymentView Payment);

/// <summary>
/// The plain-JSON payment of the public contract; <c>source</c> defaults to "manual". The amount is a JSON number only:
/// the web defaults would read "10.00" too, which the contract refuses.
/// </summary>
public sealed record RecordPaymentRequest(
    string? Source, string? ExternalId, string? Reference, [property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? Amount, string? Currency, DateTimeOffset? PaidAt,
    string? PayerName, string? PayerAccount, string? Purpose)
{
    public const string ManualSource = "manual";

    public PaymentReceived ToPayment() =>
        new(Text.Clean(Source) ?? ManualSource, ExternalId ?? "", Reference ?? "", Amount ?? 0m, Currency ?? "", PaidAt ?? default,
            Text.Clean(PayerName), Text.Clean(PayerAccount), Text.Clean(Purpose));
}

/// <summary>The invoice to assign a parked payment to: its id, or its number or payment reference.</summary>
public sealed record AssignPaymentRequest(Guid? InvoiceId, string? InvoiceNumber);

public static class PaymentsApi
{
    public static RouteGroupBuilder MapPaymentsApi(this RouteGroupBuilder api)
    {
        var payments = api.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization(Policies.Accountant);
        payments.MapGet("/", Search).WithName("SearchPayments").WithSummary("Payments received, newest first, unmatched ones with their reason")
            .WithDescription("status is unmatched or applied (any case); invoiceId and companyId narrow the list to what was applied there.");
        payments.MapGet("/{id:guid}", Get).WithName("GetPayment").WithSummary("One payment and what became of it");
        payments.MapPost("/", Record).WithName("RecordPayment").WithSummary("Record a payment by hand")
            .WithDescription("The plain-JSON payment contract; source defaults to \"manual\". A 201 says Applied or Unmatched (parked, "
                + "with the reason); the same (source, externalId) again is a 200 Duplicate that changes nothing.");
        payments.MapPost("/{id:guid}/assign", Assign).WithName("AssignPayment").WithSummary("Apply an unmatched payment to an invoice")
            .WithDescription("Names the invoice by invoiceId, or by invoiceNumber (its number or payment reference). A payment already "
                + "applied, an invoice paid or cancelled, or another currency is a 409 with the reason.");
        return api;
    }

    public static async Task<Results<Ok<Page<PaymentView>>, ValidationProblem>> Search(
        BillingDbContext db, string? status, Guid? invoiceId, Guid? companyId, [AsParameters] PageRequest paging,
        CancellationToken cancellationToken)
    {
        // Read by hand: the public contract spells it in lower case (?status=unmatched), and numbers are not statuses.
        var state = Enum.GetValues<PaymentStatus>().Select(s => (PaymentStatus?)s)
            .SingleOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));
        var errors = paging.Check(new FieldErrors())
            .Check(string.IsNullOrEmpty(status) || state is not null, "status", "unmatched or applied.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = db.Payments.AsNoTracking();
        if (state is { } wanted) query = query.Where(p => p.Status == wanted);
        if (invoiceId is { } invoice) query = query.Where(p => p.InvoiceId == invoice);
        if (companyId is { } company) query = query.Where(p => p.CompanyId == company);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(p => p.ReceivedAt).ThenByDescending(p => p.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage([.. page.Select(p => p.ToView())], total));
    }

    public static async Task<Results<Ok<PaymentView>, NotFound<ProblemDetails>>> Get(Guid id, BillingDbContext db, CancellationToken cancellationToken) =>
        await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } payment
            ? TypedResults.Ok(payment.ToView())
            : NotFound();

    public static async Task<Results<Created<PaymentReceipt>, Ok<PaymentReceipt>, ValidationProblem>> Record(
        RecordPaymentRequest request, PaymentIntake intake, HttpContext http, CancellationToken cancellationToken)
    {
        var payment = request.ToPayment();
        if (PaymentInput.Check(payment) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var outcome = await intake.ReceiveAsync(payment, InvoicesApi.Who(http), cancellationToken);
        var receipt = new PaymentReceipt(outcome.Kind, outcome.Payment.ToView());
        return outcome.Kind == PaymentOutcomeKind.Duplicate
            ? TypedResults.Ok(receipt)
            : TypedResults.Created($"/api/payments/{outcome.Payment.Id}", receipt);
    }

    public static async Task<Results<Ok<PaymentView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> Assign(
        Guid id, AssignPaymentRequest request, PaymentIntake intake, HttpContext http, CancellationToken cancellationToken)
    {
        var number = Text.Clean(request.InvoiceNumber);
        var errors = new FieldErrors()
            .Check(request.InvoiceId is not null ^ number is not null, "invoiceId", "Either invoiceId or invoiceNumber, not both.")
            .Check(number is not { Length: > 100 }, "invoiceNumber", "At most 100 characters.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var outcome = await intake.AssignAsync(id, request.InvoiceId, number, InvoicesApi.Who(http), cancellationToken);
        return outcome.Kind switch
        {
            AssignmentOutcomeKind.PaymentNotFound => NotFound(),
            AssignmentOutcomeKind.InvoiceNotFound => Problems.UnprocessableEntity("No such invoice.",
                $"No invoice has the id, number or payment reference '{(object?)request.InvoiceId ?? number}'."),
            AssignmentOutcomeKind.Refused => Problems.Conflict("The payment cannot be assigned to this invoice.", outcome.Reason),
            _ => TypedResults.Ok(outcome.Payment!.ToView()),
        };
    }

    public static PaymentView ToView(this Payment p) =>
        new(p.Id, p.Source, p.ExternalId, p.Reference, p.Amount, p.Currency, p.PaidAt, p.PayerName, p.PayerAccount, p.Purpose,
            p.ReceivedAt, p.Status, p.UnmatchedReason, p.InvoiceId, p.CompanyId, p.AppliedAmount, p.CreditAmount, p.AssignedBy);

    private static NotFound<ProblemDetails> NotFound() => Problems.NotFound("Payment not found.");
}
