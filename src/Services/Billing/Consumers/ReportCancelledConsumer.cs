using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using Clearhours.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Consumers;

/// <summary>
/// A report was cancelled after its approval: it is remembered as never to be invoiced, and its unpaid invoice is
/// cancelled the same way an accountant would, with a credit note. An invoice that has money on it is left for a
/// person: no retry can refund a payment. The report's approval arrives on another queue and may be consumed at the same
/// moment: each once read the other's table before the other had committed, and a cancelled report kept a live invoice
/// (the end-to-end race test caught it). So both, and a reissue, lock the report before they look.
/// </summary>
public sealed class ReportCancelledConsumer(BillingDbContext db, InvoiceCancellation cancellation, ILogger<ReportCancelledConsumer> logger)
    : IConsumer<ReportCancelled>
{
    public Task Consume(ConsumeContext<ReportCancelled> context) =>
        db.ProcessOnceAsync(context, nameof(ReportCancelledConsumer), async cancellationToken =>
        {
            var report = context.Message;
            await db.LockForTransactionAsync(report.ReportId, cancellationToken);
            if (!await db.CancelledReports.AnyAsync(r => r.ReportId == report.ReportId, cancellationToken))
            {
                db.CancelledReports.Add(new CancelledReport(report.ReportId, report.ReportNumber, report.CancelledAt));
            }

            var invoiceId = await db.Invoices.Where(i => i.ReportId == report.ReportId && i.Status != InvoiceStatus.Cancelled)
                .Select(i => (Guid?)i.Id).SingleOrDefaultAsync(cancellationToken);
            if (invoiceId is null)
            {
                return; // never invoiced, or its invoice is cancelled already
            }

            var outcome = await cancellation.CancelAsync(invoiceId.Value, $"Report {report.ReportNumber} was cancelled.", "billing", cancellationToken);
            if (outcome.Kind == CancellationOutcomeKind.Refused)
            {
                logger.LogError("Report {ReportNumber} was cancelled, but its invoice {InvoiceNumber} stays: {Reason}",
                    report.ReportNumber, outcome.Invoice!.Number, outcome.Reason);
            }
        });
}
