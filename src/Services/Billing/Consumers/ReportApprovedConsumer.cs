using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Clearhours.Billing.Consumers;

/// <summary>
/// The client approved a report: exactly one invoice is issued for it, numbered in the issuing transaction, with the
/// client's requisites and payment terms as Billing knows them, and InvoiceIssued goes out through the outbox. The
/// client's credit in its currency is used on it in the same transaction.
/// </summary>
public sealed class ReportApprovedConsumer(
    BillingDbContext db, TimeProvider time, IOptions<BillingOptions> options, ILogger<ReportApprovedConsumer> logger)
    : IConsumer<ReportApproved>
{
    private const string OneLiveInvoicePerReport = "ux_invoices_report_id_live";

    public async Task Consume(ConsumeContext<ReportApproved> context)
    {
        var approved = context.Message;
        try
        {
            await db.ProcessOnceAsync(context, nameof(ReportApprovedConsumer), cancellationToken => IssueAsync(approved, cancellationToken));
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: OneLiveInvoicePerReport,
        })
        {
            // The same approval under another message id (a republished outbox row): the report is invoiced already.
            logger.LogInformation("Report {ReportNumber} already has its invoice; approval {MessageId} changed nothing.",
                approved.ReportNumber, context.MessageId);
        }
        catch (InvoiceRefusedException error)
        {
            // No retry can make the lines add up: straight to the error queue, with the reason, for someone to look.
            logger.LogError(error, "Report {ReportNumber} is approved but its invoice is refused: {Reason}", approved.ReportNumber, error.Message);
            throw new MessageRefusedException(error.Message, error);
        }
    }

    private async Task IssueAsync(ReportApproved approved, CancellationToken cancellationToken)
    {
        var billed = approved.Invoice
            ?? throw new InvoiceRefusedException($"Report {approved.ReportNumber}: its approval carries no invoice data.");
        await db.LockClientAsync(approved.CompanyId, cancellationToken);
        var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.CompanyId == approved.CompanyId, cancellationToken)
            ?? throw new MessageNotReadyException($"Report {approved.ReportNumber} is approved before its client {approved.CompanyId} is known here.");

        var now = time.GetUtcNow();
        var issuedOn = DateOnly.FromDateTime(now.UtcDateTime);
        var number = await db.NextAsync("invoice", options.Value.InvoiceNumberFormat, issuedOn.Year, cancellationToken);
        var invoice = Invoice.Issue(approved.ReportId, approved.ReportNumber, approved.CompanyId, client.Requisites, billed.From, billed.To,
            [.. billed.Lines.Select(l => new InvoiceLine(l.No, l.Description, l.BilledMinutes, l.Rate, l.Amount, l.Billable))],
            billed.Total, approved.SnapshotHash, billed.Currency, number, issuedOn, client.PaymentTermsDays, "billing", now);
        db.Invoices.Add(invoice);
        db.AddEvent(new InvoiceIssued(invoice.Id, invoice.Number, invoice.ReportId, invoice.Total, invoice.Currency, invoice.DueOn, now));
        await SpendCreditAsync(invoice, now, cancellationToken);
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
