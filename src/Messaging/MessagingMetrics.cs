using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Clearhours.Messaging;

/// <summary>The messaging metrics: an OpenTelemetry meter every service exports (see ServiceDefaults).</summary>
public static class MessagingMetrics
{
    public const string MeterName = "Clearhours.Messaging";

    internal static readonly Meter Meter = new(MeterName);

    /// <summary>The last outbox reading of each database this process relays from (one, but tests run several).</summary>
    private static readonly ConcurrentDictionary<string, OutboxReading> Outboxes = new();

    internal static readonly Counter<long> OutboxParked = Meter.CreateCounter<long>(
        "clearhours.outbox.parked", unit: "{message}", description: "Outbox rows parked after their last failed attempt.");

    internal static readonly Counter<long> OutboxUnrouted = Meter.CreateCounter<long>(
        "clearhours.outbox.unrouted", unit: "{message}",
        description: "Outbox rows given up after their last attempt because no queue was ever bound for their event.");

    internal static readonly Counter<long> InboxDuplicates = Meter.CreateCounter<long>(
        "clearhours.inbox.duplicates", unit: "{message}",
        description: "Messages a consumer had applied before, dropped by the inbox without any effect.");

    static MessagingMetrics()
    {
        Meter.CreateObservableGauge("clearhours.outbox.backlog",
            () => Outboxes.Select(o => Measure(o.Key, o.Value.Backlog)),
            unit: "{message}", description: "Outbox rows waiting to be published that some queue wants (rows no queue is bound for are not counted).");
        Meter.CreateObservableGauge("clearhours.outbox.backlog.age",
            () => Outboxes.Select(o => Measure(o.Key, o.Value.OldestAge(DateTimeOffset.UtcNow).TotalSeconds)),
            unit: "s", description: "Age of the oldest row of the outbox backlog; 0 when it is empty.");
        Meter.CreateObservableGauge("clearhours.outbox.parked.count",
            () => Outboxes.Select(o => Measure(o.Key, o.Value.Parked)),
            unit: "{message}", description: "Parked outbox rows waiting for an operator to retry them.");
    }

    /// <summary>Keeps <paramref name="reading"/> for the outbox gauges of <paramref name="database"/>.</summary>
    internal static void Observe(string database, OutboxReading reading) => Outboxes[database] = reading;

    private static Measurement<T> Measure<T>(string database, T value) where T : struct =>
        new(value, new KeyValuePair<string, object?>("db.namespace", database));
}
