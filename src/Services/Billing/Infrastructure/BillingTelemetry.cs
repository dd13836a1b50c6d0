using System.Diagnostics.Metrics;
using Clearhours.Billing.Model;
using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;

namespace Clearhours.Billing.Infrastructure;

/// <summary>Billing's metrics: the meter Clearhours.Billing, which ServiceDefaults exports.</summary>
public sealed class BillingMetrics
{
    public const string MeterName = "Clearhours.Billing";

    private long _unmatched;

    public BillingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        // Money is decimal everywhere else; a metric is a picture, so a double is fine here.
        Invoiced = meter.CreateCounter<double>("clearhours.billing.invoiced.amount", unit: "{currency_unit}",
            description: "Totals of the invoices issued (a reissue counts again), in the currency its tag names.");
        Paid = meter.CreateCounter<double>("clearhours.billing.paid.amount", unit: "{currency_unit}",
            description: "Money applied to invoices, from payments or the client's credit (an excess counts once the credit pays), in the currency its tag names.");
        meter.CreateObservableGauge("clearhours.billing.payments.unmatched", () => Interlocked.Read(ref _unmatched),
            unit: "{payment}", description: "Payments waiting for an accountant to assign them, read from the database every Messaging:Gauges:Interval.");
    }

    public Counter<double> Invoiced { get; }

    public Counter<double> Paid { get; }

    public void ObserveUnmatched(long count) => Interlocked.Exchange(ref _unmatched, count);

    public static KeyValuePair<string, object?> Currency(string currency) => new("currency", currency);
}

/// <summary>Counts the unmatched payments for the gauge clearhours.billing.payments.unmatched.</summary>
public sealed class PaymentGauges(
    IServiceScopeFactory scopes, IOptions<GaugeOptions> options, BillingMetrics metrics, ILogger<PaymentGauges> logger)
    : DatabasePoller<BillingDbContext>(scopes, options, logger)
{
    protected override async Task PollAsync(BillingDbContext db, CancellationToken cancellationToken) =>
        metrics.ObserveUnmatched(await db.Payments.LongCountAsync(p => p.Status == PaymentStatus.Unmatched, cancellationToken));
}

/// <summary>
/// One log line per committed state change of an invoice or a payment, and the amounts invoiced and paid, whichever
/// API or consumer made the change.
/// </summary>
public sealed class BillingChanges(BillingMetrics metrics, ILogger<BillingChanges> logger) : CommittedChangesInterceptor
{
    protected override IEnumerable<Action> Observe(ChangeTracker changes)
    {
        var invoices = changes.Entries<Invoice>().ToList();
        foreach (var entry in invoices)
        {
            var invoice = entry.Entity;
            var (number, report, to, currency) = (invoice.Number, invoice.ReportNumber, invoice.Status, invoice.Currency);
            var added = entry.State == EntityState.Added;
            var from = added ? InvoiceStatus.Issued : entry.Property(i => i.Status).OriginalValue;
            var paid = invoice.PaidAmount - (added ? 0m : entry.Property(i => i.PaidAmount).OriginalValue);
            if (added)
            {
                var total = invoice.Total;
                yield return () =>
                {
                    BillingLog.InvoiceIssued(logger, number, report, total, currency);
                    metrics.Invoiced.Add((double)total, BillingMetrics.Currency(currency));
                };
            }

            if (paid > 0)
            {
                yield return () => metrics.Paid.Add((double)paid, BillingMetrics.Currency(currency));
            }

            // An invoice the client's credit pays as it is issued moves on in the same save: a line for that move too.
            if (entry.State is EntityState.Added or EntityState.Modified && from != to)
            {
                var balance = invoice.Balance;
                yield return () => BillingLog.InvoiceMoved(logger, number, from, to, balance, currency, report);
            }
        }

        foreach (var entry in changes.Entries<Payment>())
        {
            var payment = entry.Entity;
            var (source, externalId, to, amount, currency) = (payment.Source, payment.ExternalId, payment.Status, payment.Amount, payment.Currency);
            var invoice = invoices.FirstOrDefault(i => i.Entity.Id == payment.InvoiceId)?.Entity.Number ?? "none";
            if (entry.State == EntityState.Added && to == PaymentStatus.Applied)
            {
                yield return () => BillingLog.PaymentApplied(logger, source, externalId, amount, currency, invoice);
            }
            else if (entry.State == EntityState.Added)
            {
                var reason = payment.UnmatchedReason ?? "";
                yield return () => BillingLog.PaymentUnmatched(logger, source, externalId, amount, currency, reason);
            }
            else if (entry.State == EntityState.Modified && entry.Property(p => p.Status).OriginalValue is var from && from != to)
            {
                yield return () => BillingLog.PaymentMoved(logger, source, externalId, from, to, invoice);
            }
        }
    }
}

/// <summary>
/// Billing's log lines with the business ids as structured properties: invoice and report numbers, a payment's source
/// and external id. Never a payer's name or account, nor a purpose text or a reason someone typed.
/// </summary>
public static partial class BillingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Invoice {InvoiceNumber} issued for report {ReportNumber}: {Total} {Currency}")]
    public static partial void InvoiceIssued(ILogger logger, string invoiceNumber, string reportNumber, decimal total, string currency);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Invoice {InvoiceNumber} moved from {FromStatus} to {ToStatus}, balance {Balance} {Currency} (report {ReportNumber})")]
    public static partial void InvoiceMoved(
        ILogger logger, string invoiceNumber, InvoiceStatus fromStatus, InvoiceStatus toStatus, decimal balance, string currency, string reportNumber);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Payment {PaymentSource}/{PaymentExternalId} of {Amount} {Currency} received and applied to invoice {InvoiceNumber}")]
    public static partial void PaymentApplied(
        ILogger logger, string paymentSource, string paymentExternalId, decimal amount, string currency, string invoiceNumber);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Payment {PaymentSource}/{PaymentExternalId} of {Amount} {Currency} received and left unmatched: {UnmatchedReason}")]
    public static partial void PaymentUnmatched(
        ILogger logger, string paymentSource, string paymentExternalId, decimal amount, string currency, string unmatchedReason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Payment {PaymentSource}/{PaymentExternalId} moved from {FromStatus} to {ToStatus} (invoice {InvoiceNumber})")]
    public static partial void PaymentMoved(
        ILogger logger, string paymentSource, string paymentExternalId, PaymentStatus fromStatus, PaymentStatus toStatus, string invoiceNumber);
}
