using System.Globalization;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

/// <summary>An invoice was issued for an approved report: the card moves to Invoiced and shows the invoice number.</summary>
public sealed class InvoiceIssuedConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<InvoiceIssued>
{
    public Task Consume(ConsumeContext<InvoiceIssued> context) =>
        db.ProcessOnceAsync(context, nameof(InvoiceIssuedConsumer), async cancellationToken =>
        {
            var report = await db.Reports.SingleAsync(r => r.Id == context.Message.ReportId, cancellationToken);
            report.Invoiced(context.Message.InvoiceId, context.Message.InvoiceNumber, time.GetUtcNow());
        });
}

/// <summary>
/// The invoice is paid: the report is Paid, Tasks marks its time paid, the manager hears of it. Arriving before the
/// InvoiceIssued it follows, it is redelivered later (delayed redelivery) until that one has been applied.
/// </summary>
public sealed class InvoicePaidConsumer(ReportingDbContext db, TimeProvider time, ReportingMetrics metrics) : IConsumer<InvoicePaid>
{
    public async Task Consume(ConsumeContext<InvoicePaid> context)
    {
        var now = time.GetUtcNow();
        var applied = await db.ProcessOnceAsync(context, nameof(InvoicePaidConsumer), async cancellationToken =>
        {
            var report = await db.Reports.SingleAsync(r => r.Id == context.Message.ReportId, cancellationToken);
            if (report.Status == ReportStatus.Approved)
            {
                // Billing published InvoiceIssued first, but it has not been applied here yet: wait for it.
                throw new MessageNotReadyException($"Report {report.Number} is paid before its invoice was recorded here.");
            }

            db.AddEvent(report.Paid(context.Message.PaidAt, now));
            db.Notifications.Add(Notification.About(report, "paid",
                string.Create(CultureInfo.InvariantCulture,
                    $"{report.Number} is paid in full (invoice {context.Message.InvoiceNumber}): {report.Amount:0.00} {report.Currency}."), now,
                invoiceNumber: context.Message.InvoiceNumber, amount: report.Amount, balance: 0m));
        });
        if (applied && context.Message.ReceivedAt is { } received)
        {
            metrics.PaymentToPaid.Record(Math.Max(0, (now - received).TotalSeconds));
        }
    }
}

/// <summary>
/// Billing applied a payment (or the client's credit) to the report's invoice: the card lists it with the balance it
/// left, once per payment id, and the manager hears of it. Arriving before the InvoiceIssued it follows, it waits.
/// </summary>
public sealed class PaymentAppliedConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<PaymentApplied>
{
    public Task Consume(ConsumeContext<PaymentApplied> context) =>
        db.ProcessOnceAsync(context, nameof(PaymentAppliedConsumer), async cancellationToken =>
        {
            var applied = context.Message;
            var now = time.GetUtcNow();
            var report = await db.Reports.SingleAsync(r => r.Id == applied.ReportId, cancellationToken);
            if (report.Status == ReportStatus.Approved)
            {
                throw new MessageNotReadyException($"A payment for {report.Number} arrived before its invoice {applied.InvoiceNumber} was recorded here.");
            }

            var payment = new ReportPayment(applied.PaymentId, applied.InvoiceNumber, applied.Source, applied.Amount, applied.PaidAt, applied.Balance);
            if (report.RecordPayment(payment, now) is { } news)
            {
                db.Notifications.Add(Notification.About(report, applied.Source == "credit" ? "credit" : "payment", news, now,
                    invoiceNumber: applied.InvoiceNumber, amount: applied.Amount, balance: applied.Balance));
            }
        });
}
