using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using Clearhours.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Consumers;

/// <summary>
/// The client approved a report: exactly one invoice is issued for it (<see cref="InvoiceIssuing"/>), unless the report
/// was cancelled meanwhile.
/// </summary>
public sealed class ReportApprovedConsumer(InvoiceIssuing issuing, BillingDbContext db, ILogger<ReportApprovedConsumer> logger)
    : IConsumer<ReportApproved>
{
    public async Task Consume(ConsumeContext<ReportApproved> context)
    {
        var approved = context.Message;
        try
        {
            await db.ProcessOnceAsync(context, nameof(ReportApprovedConsumer), cancellationToken => IssueAsync(approved, cancellationToken));
        }
        catch (DbUpdateException error) when (InvoiceIssuing.IsSecondLiveInvoice(error))
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
        await db.LockForTransactionAsync(approved.ReportId, cancellationToken); // against its cancellation (ReportCancelledConsumer)
        if (await issuing.IsReportCancelledAsync(approved.ReportId, cancellationToken))
        {
            // Its cancellation was consumed first (another queue): a cancelled report is not billed.
            logger.LogWarning("Report {ReportNumber} was approved and then cancelled; no invoice is issued.", approved.ReportNumber);
            return;
        }

        var draft = new InvoiceDraft(approved.ReportId, approved.ReportNumber, approved.CompanyId, billed.From, billed.To,
            [.. billed.Lines.Select(l => new InvoiceLine(l.No, l.Description, l.BilledMinutes, l.Rate, l.Amount, l.Billable))],
            billed.Total, approved.SnapshotHash, billed.Currency);
        _ = await issuing.IssueAsync(draft, "billing", cancellationToken)
            ?? throw new MessageNotReadyException($"Report {approved.ReportNumber} is approved before its client {approved.CompanyId} is known here.");
    }
}
