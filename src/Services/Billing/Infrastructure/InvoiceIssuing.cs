using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Clearhours.Billing.Infrastructure;

/// <summary>What an invoice bills: the approved snapshot of one report.</summary>
public sealed record InvoiceDraft(
    Guid ReportId, string ReportNumber, Guid CompanyId, DateOnly From, DateOnly To, IReadOnlyList<InvoiceLine> Lines, decimal Total,
    string SnapshotHash, string Currency)
{
    /// <summary>The same approved snapshot as a cancelled invoice billed.</summary>
    public static InvoiceDraft Of(Invoice invoice) => new(
        invoice.ReportId, invoice.ReportNumber, invoice.CompanyId, invoice.PeriodFrom, invoice.PeriodTo, invoice.Lines, invoice.Total,
        invoice.SnapshotHash, invoice.Currency);
}

public enum ReissueOutcomeKind
{
    Issued,
    NotFound,
    Refused,
}

/// <summary>What became of issuing a cancelled invoice anew; <see cref="Reason"/> says why it was refused.</summary>
public sealed record ReissueOutcome(ReissueOutcomeKind Kind, Invoice? Invoice, string? Reason = null);

/// <summary>
/// Issues an invoice, whether a report was approved or an accountant issues a cancelled invoice anew: numbered in its
/// series, with the client's requisites and payment terms as Billing knows them, InvoiceIssued through the outbox,
/// and the client's credit in its currency used on it. Runs in the caller's transaction, which saves and commits.
/// </summary>
public sealed class InvoiceIssuing(BillingDbContext db, TimeProvider clock, IOptions<BillingOptions> options)
{
    /// <summary>The unique index that keeps one live (not cancelled) invoice per report.</summary>
    public const string OneLiveInvoicePerReport = "ux_invoices_report_id_live";

    public static bool IsSecondLiveInvoice(DbUpdateException error) =>
        error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneLiveInvoicePerReport };

    public Task<bool> IsReportCancelledAsync(Guid reportId, CancellationToken cancellationToken) =>
        db.CancelledReports.AnyAsync(r => r.ReportId == reportId, cancellationToken);

    /// <returns>The invoice, or null while the client is not known here yet.</returns>
    public async Task<Invoice?> IssueAsync(InvoiceDraft draft, string by, CancellationToken cancellationToken)
    {
        await db.LockClientAsync(draft.CompanyId, cancellationToken);
        if (await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.CompanyId == draft.CompanyId, cancellationToken) is not { } client)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var issuedOn = DateOnly.FromDateTime(now.UtcDateTime);
        var number = await db.NextAsync("invoice", options.Value.InvoiceNumberFormat, issuedOn.Year, cancellationToken);
        var invoice = Invoice.Issue(draft.ReportId, draft.ReportNumber, draft.CompanyId, client.Requisites, draft.From, draft.To,
            draft.Lines, draft.Total, draft.SnapshotHash, draft.Currency, number, issuedOn, client.PaymentTermsDays, by, now);
        db.Invoices.Add(invoice);
        db.AddEvent(invoice.Issued(now));
        await SpendCreditAsync(invoice, now, cancellationToken);
        return invoice;
    }

    /// <summary>
    /// A cancelled invoice's report billed again under a new number, with the client's current requisites (the usual
    /// reason to cancel is wrong ones). A second live invoice for the report fails on save (<see cref="IsSecondLiveInvoice"/>).
    /// </summary>
    public async Task<ReissueOutcome> ReissueAsync(Guid cancelledId, string by, CancellationToken cancellationToken)
    {
        if (await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == cancelledId, cancellationToken) is not { } cancelled)
        {
            return new ReissueOutcome(ReissueOutcomeKind.NotFound, null);
        }

        await db.LockForTransactionAsync(cancelled.ReportId, cancellationToken); // against the report's cancellation arriving meanwhile
        if (cancelled.WhyNotReissuable(await IsReportCancelledAsync(cancelled.ReportId, cancellationToken)) is { } why)
        {
            return new ReissueOutcome(ReissueOutcomeKind.Refused, null, why);
        }

        if (await db.Invoices.AsNoTracking().Where(i => i.ReportId == cancelled.ReportId && i.Status != InvoiceStatus.Cancelled)
                .Select(i => i.Number).FirstOrDefaultAsync(cancellationToken) is { } live)
        {
            return new ReissueOutcome(ReissueOutcomeKind.Refused, null, $"Report {cancelled.ReportNumber} is billed already, by invoice {live}.");
        }

        var invoice = await IssueAsync(InvoiceDraft.Of(cancelled), by, cancellationToken)
            ?? throw new InvalidOperationException($"The client {cancelled.CompanyId} of invoice {cancelled.Number} is not known here.");
        return new ReissueOutcome(ReissueOutcomeKind.Issued, invoice);
    }

    /// <summary>
    /// The client's credit in the invoice's currency pays it as far as it goes, under the client's lock taken above.
    /// Each credit used is announced like a payment (source "credit"), so the report card shows it (decision 0006).
    /// </summary>
    private async Task SpendCreditAsync(Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.OpenCreditsAsync(invoice.CompanyId, invoice.Currency, cancellationToken);
        foreach (var (row, application) in ClientCredit.Spend(open, invoice, "billing", now))
        {
            db.Credits.Add(row);
            db.AddEvent(new PaymentApplied(invoice.Id, invoice.Number, row.Id, "credit", $"{row.FromCreditId}", invoice.ReportId,
                invoice.ReportNumber, application.Applied, application.Balance, invoice.Currency, now));
            if (application.PaidInFull)
            {
                db.AddEvent(new InvoicePaid(invoice.Id, invoice.Number, invoice.ReportId, now));
            }
        }
    }
}
