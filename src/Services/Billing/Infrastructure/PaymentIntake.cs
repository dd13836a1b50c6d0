using System.Diagnostics;
using Clearhours.Billing.Infrastructure.EntityConfigurations;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Billing.Infrastructure;

public enum PaymentOutcomeKind
{
    Applied,
    Unmatched,
    Duplicate,
}

public sealed record PaymentOutcome(PaymentOutcomeKind Kind, Payment Payment);

public enum AssignmentOutcomeKind
{
    Applied,
    PaymentNotFound,
    InvoiceNotFound,
    Refused,
}

/// <summary>What became of an accountant's assignment; <see cref="Reason"/> says why it was refused.</summary>
public sealed record AssignmentOutcome(AssignmentOutcomeKind Kind, Payment? Payment, string? Reason = null);

/// <summary>
/// The one path every payment takes, whether it came as a message, plain JSON, a webhook, a statement line or by hand:
/// recorded once per (source, external id), matched to its invoice by reference, applied, and announced through the
/// outbox in the same transaction.
/// </summary>
public sealed class PaymentIntake(BillingDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Payments for one invoice wait for each other on its row lock; a retry is left only for a writer that changed the
    /// invoice without that lock.
    /// </summary>
    private const int MaxAttempts = 5;

    /// <summary>One span per payment received, whichever way it came (a statement brings many in one request).</summary>
    private static readonly ActivitySource Tracing = new("Clearhours.Billing");

    public async Task<PaymentOutcome> ReceiveAsync(PaymentReceived received, string by, CancellationToken cancellationToken)
    {
        if (PaymentInput.Check(received) is { Any: true } errors)
        {
            throw new ArgumentException($"Not a payment: {errors}");
        }

        using var activity = Tracing.StartActivity("payment receive");
        activity?.SetTag(TraceTags.PaymentSource, received.Source);
        activity?.SetTag(TraceTags.PaymentExternalId, received.ExternalId.Trim());
        activity?.SetTag("clearhours.payment.channel", by);
        var outcome = await ReceiveWithRetryAsync(received, by, cancellationToken);
        activity?.SetTag("clearhours.payment.outcome", outcome.Kind.ToString());
        return outcome;
    }

    private async Task<PaymentOutcome> ReceiveWithRetryAsync(PaymentReceived received, string by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.WithoutSavepointsAsync(() => TryReceiveAsync(received, by, cancellationToken));
            }
            catch (DbUpdateException error) when (attempt < MaxAttempts && IsInvoiceRace(error))
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException error) when (IsSamePayment(error))
            {
                db.ChangeTracker.Clear();
                return new PaymentOutcome(PaymentOutcomeKind.Duplicate, await FindAsync(received, cancellationToken)
                    ?? throw new InvalidOperationException("A duplicate payment that cannot be found.", error));
            }
        }
    }

    private async Task<PaymentOutcome> TryReceiveAsync(PaymentReceived received, string by, CancellationToken cancellationToken)
    {
        // No look for the same payment first (a round trip for every payment to catch the few sent twice): its insert
        // fails on the (source, external id) index when it commits, and the whole attempt rolls back as a Duplicate.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var payment = Payment.Receive(received.Source, received.ExternalId.Trim(), received.Reference.Trim(), received.Amount,
            received.Currency, received.PaidAt, received.PayerName, received.PayerAccount, received.Purpose, now);
        db.Payments.Add(payment);

        var invoice = await db.LockInvoiceForPaymentAsync(payment.Reference, payment.Purpose, cancellationToken);
        var kind = PaymentOutcomeKind.Unmatched;
        if (invoice is null)
        {
            payment.Park(PaymentReference.Normalize(payment.Reference) is { } normal && normal.StartsWith("RF", StringComparison.Ordinal) && !PaymentReference.IsValid(normal)
                ? $"'{payment.Reference}' is not a valid payment reference: its check digits do not match (a typo?)."
                : $"No invoice has the number or payment reference '{payment.Reference}'.");
        }
        else if (invoice.WhyCannotTake(payment.Currency) is { } why)
        {
            payment.Park(why);
        }
        else
        {
            Apply(payment, invoice, by, now);
            kind = PaymentOutcomeKind.Applied;
        }

        Activity.Current?.SetTag(TraceTags.InvoiceNumber, invoice?.Number);
        Activity.Current?.SetTag(TraceTags.ReportNumber, invoice?.ReportNumber);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PaymentOutcome(kind, payment);
    }

    /// <summary>
    /// An accountant applies a parked payment to an invoice, named by its id or by its number or payment reference,
    /// exactly as a matched payment is applied: credit for any excess, PaymentApplied, and InvoicePaid once.
    /// </summary>
    public async Task<AssignmentOutcome> AssignAsync(Guid paymentId, Guid? invoiceId, string? invoiceNumber, string by, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The payment's row, then the invoice's: two accountants assigning one payment take turns, and the second sees it applied.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM payments WHERE id = {paymentId} FOR UPDATE", cancellationToken);
        if (await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken) is not { } payment)
        {
            return new AssignmentOutcome(AssignmentOutcomeKind.PaymentNotFound, null);
        }

        var invoice = invoiceId is { } id
            ? await db.LockInvoiceAsync(id, cancellationToken)
            : await db.LockInvoiceForPaymentAsync(invoiceNumber ?? "", null, cancellationToken);
        if (invoice is null)
        {
            return new AssignmentOutcome(AssignmentOutcomeKind.InvoiceNotFound, payment);
        }

        if (payment.WhyNotAssignableTo(invoice) is { } why)
        {
            return new AssignmentOutcome(AssignmentOutcomeKind.Refused, payment, why);
        }

        var now = clock.GetUtcNow();
        Announce(payment, invoice, payment.AssignTo(invoice, by, now), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AssignmentOutcome(AssignmentOutcomeKind.Applied, payment);
    }

    private void Apply(Payment payment, Invoice invoice, string by, DateTimeOffset now) =>
        Announce(payment, invoice, payment.ApplyTo(invoice, by, now), now);

    /// <summary>Keeps any excess of an applied payment as credit, and queues PaymentApplied (and InvoicePaid once).</summary>
    private void Announce(Payment payment, Invoice invoice, PaymentApplication application, DateTimeOffset now)
    {
        if (application.Excess > 0)
        {
            db.Credits.Add(ClientCredit.FromExcess(payment, invoice, now));
        }

        db.AddEvent(new PaymentApplied(invoice.Id, invoice.Number, payment.Id, payment.Source, payment.ExternalId,
            invoice.ReportId, invoice.ReportNumber, application.Applied, application.Balance, invoice.Currency, payment.PaidAt));
        if (application.PaidInFull)
        {
            db.AddEvent(new InvoicePaid(invoice.Id, invoice.Number, invoice.ReportId, payment.PaidAt, payment.ReceivedAt));
        }
    }

    private Task<Payment?> FindAsync(PaymentReceived received, CancellationToken cancellationToken) =>
        db.Payments.SingleOrDefaultAsync(p => p.Source == received.Source && p.ExternalId == received.ExternalId.Trim(), cancellationToken);

    /// <summary>Another payment changed the invoice first: its version moved, or it took the next ledger line.</summary>
    private static bool IsInvoiceRace(DbUpdateException error) =>
        error is DbUpdateConcurrencyException
        || error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_invoice_ledger" };

    private static bool IsSamePayment(DbUpdateException error) =>
        error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: PaymentEntityTypeConfiguration.SourceExternalIdIndex,
        };
}

public static class InvoiceLookup
{
    /// <summary>
    /// The invoice a payment names (see <see cref="LockIdForPaymentAsync"/>), locked for the rest of the caller's
    /// transaction and read after the lock, so that payments for one invoice apply one after the other.
    /// </summary>
    public static async Task<Invoice?> LockInvoiceForPaymentAsync(this BillingDbContext db, string reference, string? purpose, CancellationToken cancellationToken) =>
        await db.LockIdForPaymentAsync(reference, purpose, cancellationToken) is { } id
            ? await db.LoadInvoiceAsync(id, cancellationToken)
            : null;

    /// <summary>The invoice with its ledger, its row locked until the caller's transaction ends.</summary>
    public static async Task<Invoice?> LockInvoiceAsync(this BillingDbContext db, Guid id, CancellationToken cancellationToken) =>
        await LockedIdAsync(db, $"SELECT id AS \"Value\" FROM invoices WHERE id = {id} FOR UPDATE", cancellationToken) is not null
            ? await db.LoadInvoiceAsync(id, cancellationToken)
            : null;

    /// <summary>
    /// The id of the invoice a payment names, its row locked by the statement that finds it: by its payment reference
    /// or number as given (case aside; a live invoice before a cancelled one), else by the first valid payment
    /// reference in the purpose text. A reference whose check digits fail matches nothing, rather than the wrong invoice.
    /// </summary>
    public static async Task<Guid?> LockIdForPaymentAsync(this BillingDbContext db, string reference, string? purpose, CancellationToken cancellationToken)
    {
        var normal = PaymentReference.Normalize(reference);
        if (PaymentReference.IsValid(normal))
        {
            return await LockedIdAsync(db, $"SELECT id AS \"Value\" FROM invoices WHERE payment_reference = {normal} FOR UPDATE", cancellationToken);
        }

        // Upper-cased here: the database's upper() may know Latin letters alone (a C locale), and «сч-…» is «СЧ-…».
        var number = reference.Trim().ToUpperInvariant();
        var byNumber = await LockedIdAsync(db,
            $"SELECT id AS \"Value\" FROM invoices WHERE upper(number) = {number} ORDER BY status = 'Cancelled' LIMIT 1 FOR UPDATE", cancellationToken);
        if (byNumber is not null || normal is not null && normal.StartsWith("RF", StringComparison.Ordinal))
        {
            return byNumber;
        }

        foreach (var found in PaymentReference.FindIn(purpose))
        {
            if (await LockedIdAsync(db, $"SELECT id AS \"Value\" FROM invoices WHERE payment_reference = {found} FOR UPDATE", cancellationToken) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Read after the lock: in a statement of its own, so it sees what the payment before it committed.</summary>
    private static Task<Invoice?> LoadInvoiceAsync(this BillingDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Invoices.Include(i => i.Ledger).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);

    private static async Task<Guid?> LockedIdAsync(BillingDbContext db, FormattableString sql, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<Guid>(sql).ToListAsync(cancellationToken)) is [var id, ..] ? id : null;
}
