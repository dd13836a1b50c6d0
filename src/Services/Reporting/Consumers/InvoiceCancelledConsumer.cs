using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

/// <summary>
/// The report's invoice was cancelled: the card is Approved again (or stays Cancelled, when its cancellation was the
/// cause), without an invoice number; managers hear of it.
/// </summary>
public sealed class InvoiceCancelledConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<InvoiceCancelled>
{
    public Task Consume(ConsumeContext<InvoiceCancelled> context) =>
        db.ProcessOnceAsync(context, nameof(InvoiceCancelledConsumer), async cancellationToken =>
        {
            var cancelled = context.Message;
            var now = time.GetUtcNow();
            var report = await db.Reports.SingleAsync(r => r.Id == cancelled.ReportId, cancellationToken);
            if (report.Status == ReportStatus.Approved && report.InvoiceNumber is null)
            {
                // The cancellation overtook the invoice's issue: it applies once the invoice is recorded here.
                throw new MessageNotReadyException($"Invoice {cancelled.InvoiceNumber} of {report.Number} is cancelled before its issue was recorded here.");
            }

            report.InvoiceCancelled(cancelled, now);
            db.Notifications.Add(Notification.About(report, "invoice-cancelled",
                $"Invoice {cancelled.InvoiceNumber} of {report.Number} was cancelled: {cancelled.Reason}. The report is {report.Status} now.", now,
                comment: cancelled.Reason, invoiceNumber: cancelled.InvoiceNumber));
        });
}
