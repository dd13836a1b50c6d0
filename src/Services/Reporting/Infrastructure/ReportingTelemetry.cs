using System.Diagnostics.Metrics;
using Clearhours.Messaging;
using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;

namespace Clearhours.Reporting.Infrastructure;

/// <summary>Reporting's metrics: the meter Clearhours.Reporting, which ServiceDefaults exports.</summary>
public sealed class ReportingMetrics
{
    public const string MeterName = "Clearhours.Reporting";

    private IReadOnlyDictionary<ReportStatus, long> _reports = new Dictionary<ReportStatus, long>();

    public ReportingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("clearhours.reports",
            () => _reports.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("clearhours.report.status", r.Key.ToString()))),
            unit: "{report}", description: "Reports in each status, read from the database every Messaging:Gauges:Interval.");
        PaymentToPaid = meter.CreateHistogram<double>("clearhours.payment.to_paid.duration", unit: "s",
            description: "From Billing's receipt of the payment that paid an invoice in full to its report turning Paid here: " +
                         "outbox, broker and consumer, plus any wait for an accountant to assign an unmatched payment. " +
                         "Invoices paid from the client's credit carry no receipt and are not measured.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400] });
    }

    public Histogram<double> PaymentToPaid { get; }

    public void ObserveReports(IReadOnlyDictionary<ReportStatus, long> byStatus) => _reports = byStatus;
}

/// <summary>Counts the reports in each status for the gauge clearhours.reports.</summary>
public sealed class ReportGauges(
    IServiceScopeFactory scopes, IOptions<GaugeOptions> options, ReportingMetrics metrics, ILogger<ReportGauges> logger)
    : DatabasePoller<ReportingDbContext>(scopes, options, logger)
{
    protected override async Task PollAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Reports.GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        metrics.ObserveReports(Enum.GetValues<ReportStatus>().ToDictionary(s => s, s => counts.GetValueOrDefault(s)));
    }
}

/// <summary>One log line per committed state change of a report, whichever API or consumer made it.</summary>
public sealed class ReportChanges(ILogger<ReportChanges> logger) : CommittedChangesInterceptor
{
    protected override IEnumerable<Action> Observe(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries<Report>())
        {
            var (id, number, to, invoice) = (entry.Entity.Id, entry.Entity.Number, entry.Entity.Status, entry.Entity.InvoiceNumber ?? "none");
            if (entry.State == EntityState.Added)
            {
                yield return () => ReportingLog.ReportCreated(logger, number, to, id);
            }
            else if (entry.State == EntityState.Modified && entry.Property(r => r.Status).OriginalValue is var from && from != to)
            {
                yield return () => ReportingLog.ReportMoved(logger, number, from, to, invoice, id);
            }
        }
    }
}

/// <summary>
/// Reporting's log lines with the business ids as structured properties; never an e-mail, a share token or a
/// comment (free text a client or manager typed).
/// </summary>
public static partial class ReportingLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Report {ReportNumber} created in {ToStatus} (report {ReportId})")]
    public static partial void ReportCreated(ILogger logger, string reportNumber, ReportStatus toStatus, Guid reportId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Report {ReportNumber} moved from {FromStatus} to {ToStatus} (invoice {InvoiceNumber}, report {ReportId})")]
    public static partial void ReportMoved(
        ILogger logger, string reportNumber, ReportStatus fromStatus, ReportStatus toStatus, string invoiceNumber, Guid reportId);
}
