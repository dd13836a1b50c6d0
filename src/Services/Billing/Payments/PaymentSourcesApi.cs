using System.Text.RegularExpressions;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Billing.Payments;

/// <summary>What became of one payment handed in.</summary>
public sealed record PaymentReceipt(
    PaymentOutcomeKind Outcome, Guid PaymentId, string Source, string ExternalId, PaymentStatus Status, Guid? InvoiceId,
    decimal AppliedAmount, decimal CreditAmount, string? UnmatchedReason);

public static partial class PaymentSourcesApi
{
    /// <summary>A provider's payment notice is a few hundred bytes; anything near this is not one.</summary>
    public const long MaxWebhookBody = 64 * 1024;

    public static RouteGroupBuilder MapPaymentSourcesApi(this RouteGroupBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payment sources");
        // Anonymous to the staff authentication: the signature with the source's secret is the credential.
        payments.MapPost("/webhook/{source}", ReceiveWebhook).AllowAnonymous()
            .WithName("ReceivePaymentWebhook").WithSummary("A payment provider reports a payment, signed with its secret")
            .WithDescription("The body is the plain-JSON payment; the route's source wins over the body's. "
                + $"{WebhookSignature.SignatureHeader}: sha256=<hex HMAC-SHA256 of \"{{{WebhookSignature.TimestampHeader}}}.{{raw body}}\">. "
                + "A bad signature, a timestamp over 5 minutes off, a call seen before or an unknown source get 401 and change nothing.")
            .Accepts<PaymentJsonBody>("application/json")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithMetadata(new RequestSizeLimitAttribute(MaxWebhookBody));
        return app;
    }

    public static async Task<Results<Ok<PaymentReceipt>, ValidationProblem, ProblemHttpResult>> ReceiveWebhook(
        string source, HttpRequest request, IConfiguration configuration, BillingDbContext db, IServiceScopeFactory scopes,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();

        var secret = SourceName().IsMatch(source) ? configuration[$"Billing:Webhooks:{source}:Secret"] : null;
        if (string.IsNullOrEmpty(secret))
        {
            return NotAuthenticated($"No webhook secret is configured for the source '{source}'.");
        }

        var signature = request.Headers[WebhookSignature.SignatureHeader].ToString();
        if (WebhookSignature.WhyNotAuthentic(secret, request.Headers[WebhookSignature.TimestampHeader], signature, body, clock.GetUtcNow()) is { } why)
        {
            return NotAuthenticated(why);
        }

        var read = PaymentJson.Read(body, source);
        if (!read.IsPayment)
        {
            return read.Errors.ToProblem();
        }

        PaymentOutcome? outcome = null;
        var first = await OncePerSignatureAsync(db, source, WebhookSignature.IdOf(signature), async () =>
        {
            // Its own context: the intake commits its transaction inside the one that holds the signature.
            await using var scope = scopes.CreateAsyncScope();
            outcome = await scope.ServiceProvider.GetRequiredService<PaymentIntake>().ReceiveAsync(read.Payment!, $"webhook:{source}", cancellationToken);
        }, cancellationToken);
        return first
            ? TypedResults.Ok(outcome!.ToReceipt())
            : NotAuthenticated("This call was received before: a retry must be signed again, with its own timestamp.");
    }

    public static PaymentReceipt ToReceipt(this PaymentOutcome outcome) =>
        new(outcome.Kind, outcome.Payment.Id, outcome.Payment.Source, outcome.Payment.ExternalId, outcome.Payment.Status,
            outcome.Payment.InvoiceId, outcome.Payment.AppliedAmount, outcome.Payment.CreditAmount, outcome.Payment.UnmatchedReason);

    /// <summary>
    /// Runs <paramref name="effect"/> unless a call with the same signature ran it before; the signature is kept in the
    /// inbox (whose retention is far beyond the timestamp's tolerance), and only once the effect succeeded, so a call
    /// that failed may be sent again. A concurrent copy waits on the key, then is refused.
    /// </summary>
    private static async Task<bool> OncePerSignatureAsync(BillingDbContext db, string source, Guid signature, Func<Task> effect, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Set<InboxMessage>().Add(new InboxMessage { Consumer = $"webhook:{source}", MessageId = signature, ProcessedAt = DateTimeOffset.UtcNow });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: MessagingModel.InboxPrimaryKey,
        })
        {
            return false;
        }

        await effect();
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static ProblemHttpResult NotAuthenticated(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The webhook call is not authenticated.", detail: detail);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SourceName();
}

/// <summary>The plain-JSON payment, as the OpenAPI document shows the webhook's body; the handler reads the raw bytes.</summary>
public sealed record PaymentJsonBody(
    string? Source, string ExternalId, string Reference, decimal Amount, string Currency, DateTimeOffset PaidAt,
    string? PayerName, string? PayerAccount, string? Purpose);
