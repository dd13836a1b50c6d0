using Clearhours.Billing.Infrastructure;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Clearhours.Billing.Apis;

/// <summary>One movement of a client's credit: money paid beyond an invoice (+), or credit used on a later invoice (−).</summary>
public sealed record CreditMovement(Guid Id, string Currency, decimal Amount, Guid? PaymentId, Guid? InvoiceId, string Note, DateTimeOffset At);

/// <summary>A company's credit ledger: what is left per currency, and every movement, newest first.</summary>
public sealed record CompanyCredit(Guid CompanyId, IReadOnlyList<CreditBalance> Balances, Page<CreditMovement> Movements);

public static class CreditsApi
{
    public static RouteGroupBuilder MapCreditsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/api/payments/credits", Get).WithTags("Payments").RequireAuthorization(Policies.Accountant)
            .WithName("GetCompanyCredit").WithSummary("A company's credit: what is left per currency, and its movements")
            .WithDescription("Overpayments leave credit (+); the company's next invoice in that currency uses it (−). Nothing is deleted.")
            .AddOpenApiOperationTransformer(CompanyIdRequired);
        return api;
    }

    /// <summary>Bound as optional so that a missing one gets the field error below; the document says it is required.</summary>
    private static Task CompanyIdRequired(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "companyId") is OpenApiParameter companyId)
        {
            companyId.Required = true;
        }

        return Task.CompletedTask;
    }

    public static async Task<Results<Ok<CompanyCredit>, ValidationProblem>> Get(
        BillingDbContext db, Guid? companyId, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()).Check(companyId is not null, "companyId", "Required.") is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var company = companyId!.Value;
        var movements = db.Credits.AsNoTracking().Where(c => c.CompanyId == company);
        var total = await movements.CountAsync(cancellationToken);
        var page = await movements.OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CompanyCredit(company, await db.BalanceAsync(company, cancellationToken),
            paging.ToPage([.. page.Select(c => new CreditMovement(c.Id, c.Currency, c.Amount, c.PaymentId, c.InvoiceId, c.Note, c.At))], total)));
    }
}
