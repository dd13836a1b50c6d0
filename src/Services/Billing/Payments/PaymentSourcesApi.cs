using System.Text.RegularExpressions;
using Clearhours.Billing.Apis;
using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using Npgsql;

namespace Clearhours.Billing.Payments;

public enum StatementLineOutcome
{
    Matched,
    Unmatched,
    Duplicate,
    Ignored,
}

/// <param name="Line">Where the document or row starts in the file.</param>
public sealed record StatementLine(
    int Line, StatementLineOutcome Outcome, string? ExternalId, decimal? Amount, string? Reference, Guid? PaymentId, Guid? InvoiceId, string? Reason);

public sealed record StatementAnswer(int Matched, int Unmatched, int Duplicate, int Ignored, IReadOnlyList<StatementLine> Lines);

public static partial class PaymentSourcesApi
{
    /// <summary>A year of a busy account's statements is far below this.</summary>
    public const long MaxStatement = 16 * 1024 * 1024;

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
        payments.MapPost("/statements", UploadStatement).RequireAuthorization(Policies.Accountant)
            .WithName("UploadBankStatement").WithSummary("An accountant uploads a bank statement; each payment in it is taken in once")
            .WithDescription("The 1C exchange format (1CClientBankExchange, windows-1251 or UTF-8; only documents credited to the "
                + $"statement's account are payments, in ?currency= or Billing:Statements:Currency) or a CSV with the header {BankStatement.CsvHeader}; "
                + "as the form field 'file' or as the raw body. The whole file is read first: a truncated or garbled one is a 400 naming "
                + "the line, and nothing of it is applied. Uploading it again changes nothing: its lines come back as duplicates.")
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer(DescribeStatementBody)
            .WithMetadata(new RequestSizeLimitAttribute(MaxStatement));
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
            ? TypedResults.Ok(new PaymentReceipt(outcome!.Kind, outcome.Payment.ToView()))
            : NotAuthenticated("This call was received before: a retry must be signed again, with its own timestamp.");
    }

    public static async Task<Results<Ok<StatementAnswer>, ValidationProblem>> UploadStatement(
        HttpRequest request, string? currency, IConfiguration configuration, PaymentIntake intake, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        currency ??= configuration["Billing:Statements:Currency"];
        if (!Currencies.IsKnown(currency))
        {
            return errors.Add("currency", $"The statement's currency (?currency=): {Currencies.Expected}.").ToProblem();
        }

        var file = await ReadFileAsync(request, cancellationToken);
        if (file is not { Length: > 0 })
        {
            return errors.Add("file", "Send the statement as the form field 'file' or as the request body.").ToProblem();
        }

        IReadOnlyList<StatementEntry> entries;
        try
        {
            entries = BankStatement.Read(file, currency!);
        }
        catch (StatementFormatException error)
        {
            return errors.Add("file", error.Message).ToProblem();
        }

        var by = request.HttpContext.User.Identity?.Name ?? "accountant";
        var lines = new List<StatementLine>();
        foreach (var entry in entries)
        {
            if (entry.Payment is not { } payment)
            {
                lines.Add(new StatementLine(entry.Line, StatementLineOutcome.Ignored, null, null, null, null, null, entry.IgnoredBecause));
                continue;
            }

            var outcome = await intake.ReceiveAsync(payment, by, cancellationToken);
            var (kind, reason) = outcome.Kind switch
            {
                PaymentOutcomeKind.Applied => (StatementLineOutcome.Matched, null),
                PaymentOutcomeKind.Unmatched => (StatementLineOutcome.Unmatched, outcome.Payment.UnmatchedReason),
                _ => (StatementLineOutcome.Duplicate, $"Received before, on {outcome.Payment.ReceivedAt:yyyy-MM-dd}; it is {outcome.Payment.Status}."),
            };
            lines.Add(new StatementLine(entry.Line, kind, payment.ExternalId, payment.Amount, payment.Reference, outcome.Payment.Id,
                outcome.Payment.InvoiceId, reason));
        }

        return TypedResults.Ok(new StatementAnswer(
            lines.Count(l => l.Outcome == StatementLineOutcome.Matched), lines.Count(l => l.Outcome == StatementLineOutcome.Unmatched),
            lines.Count(l => l.Outcome == StatementLineOutcome.Duplicate), lines.Count(l => l.Outcome == StatementLineOutcome.Ignored), lines));
    }

    /// <summary>The uploaded form's file, or the raw body; null for a form without a file.</summary>
    /// <summary>The body is read by hand (a form or the raw file, of any media type), so the document is told what it is.</summary>
    private static Task DescribeStatementBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The statement file, as the bank exported it." };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"The statement: the 1C exchange file (1CClientBankExchange) or a CSV with the header {BankStatement.CsvHeader}.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = file },
                    },
                },
                ["text/csv"] = new() { Schema = file },
                ["text/plain"] = new() { Schema = file },
                ["application/octet-stream"] = new() { Schema = file },
            },
        };
        return Task.CompletedTask;
    }

    private static async Task<byte[]?> ReadFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (Exception error) when (error is InvalidDataException or IOException)
            {
                // IOException: a multipart body that ends before its closing boundary.
                return null;
            }

            if ((form.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file)
            {
                return null;
            }

            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(buffer, cancellationToken);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }

        return buffer.ToArray();
    }

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
