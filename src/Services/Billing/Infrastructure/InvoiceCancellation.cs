using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Microsoft.Extensions.Options;

namespace Clearhours.Billing.Infrastructure;

public enum CancellationOutcomeKind
{
    Cancelled,
    NotFound,
    Refused,
}

/// <summary>What became of a cancellation; <see cref="Reason"/> says why it was refused.</summary>
public sealed record CancellationOutcome(CancellationOutcomeKind Kind, Invoice? Invoice, string? Reason = null);

/// <summary>
/// Cancels an unpaid invoice, whether an accountant asks or its report was cancelled: a credit note from its own
/// series, a ledger line, and InvoiceCancelled through the outbox.
/// </summary>
public sealed class InvoiceCancellation(BillingDbContext db, TimeProvider clock, IOptions<BillingOptions> options)
{
    /// <summary>
    /// Runs in the caller's transaction, which saves and commits: the invoice row stays locked until then, so a
    /// payment arriving meanwhile waits and then finds the invoice cancelled (it is parked), never half of each.
    /// </summary>
    public async Task<CancellationOutcome> CancelAsync(Guid invoiceId, string reason, string by, CancellationToken cancellationToken)
    {
        if (await db.LockInvoiceAsync(invoiceId, cancellationToken) is not { } invoice)
        {
            return new CancellationOutcome(CancellationOutcomeKind.NotFound, null);
        }

        if (invoice.WhyNotCancellable() is { } why)
        {
            return new CancellationOutcome(CancellationOutcomeKind.Refused, invoice, why);
        }

        var now = clock.GetUtcNow();
        var creditNote = await db.NextAsync("credit-note", options.Value.CreditNoteNumberFormat, now.UtcDateTime.Year, cancellationToken);
        invoice.Cancel(reason, creditNote, by, now);
        db.AddEvent(new InvoiceCancelled(invoice.Id, invoice.Number, invoice.ReportId, invoice.ReportNumber, reason, now, creditNote.Text));
        return new CancellationOutcome(CancellationOutcomeKind.Cancelled, invoice);
    }
}
