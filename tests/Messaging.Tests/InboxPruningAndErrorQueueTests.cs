using System.Diagnostics.Metrics;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearhours.Messaging.Tests;

public sealed class InboxPruningAndErrorQueueTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestService> _started = [];
    private string _broker = "";

    public async Task InitializeAsync() => _broker = await servers.CreateVirtualHostAsync("errors");

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task Inbox_rows_older_than_the_retention_are_pruned_and_newer_ones_kept()
    {
        var service = await Start("pruned", settings: new Dictionary<string, string?>
        {
            ["Messaging:Inbox:RetentionDays"] = "1",
            ["Messaging:Inbox:PruneInterval"] = "00:00:00.200",
        });
        var now = DateTimeOffset.UtcNow;
        await service.WithDbAsync(async db =>
        {
            db.Set<InboxMessage>().AddRange(
                new InboxMessage { Consumer = "old", MessageId = Guid.NewGuid(), ProcessedAt = now.AddDays(-2) },
                new InboxMessage { Consumer = "recent", MessageId = Guid.NewGuid(), ProcessedAt = now.AddHours(-23) });
            await db.SaveChangesAsync();
        });

        var deadline = DateTime.UtcNow + Patience;
        while (await service.WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.Consumer == "old")))
        {
            Assert.True(DateTime.UtcNow < deadline, "The old inbox row was never pruned.");
            await Task.Delay(100);
        }

        Assert.Equal(["recent"], await service.WithDbAsync(db => db.Set<InboxMessage>().Select(m => m.Consumer).ToListAsync()));
    }

    [Fact]
    public async Task A_message_in_an_error_queue_shows_in_health_and_the_metric_and_is_applied_once_moved_back()
    {
        // Fails all four immediate attempts of the delivery and of both delayed redeliveries, then works.
        var outage = new Outage(failures: 12);
        var flaky = await Start("flaky", bus =>
        {
            bus.AddSingleton(outage);
            bus.AddConsumer<FlakyNoteConsumer>();
        }, new Dictionary<string, string?> { ["Messaging:ErrorQueues:HealthCacheFor"] = "00:00:00" });
        var writer = await Start("writer");
        var sent = await writer.WriteNoteAsync("lands in the error queue");
        var queue = Queues.QueueOf<FlakyNoteConsumer>("flaky");
        await flaky.Deliveries.WaitForAsync(12, Patience);

        var health = flaky.Services.GetRequiredService<HealthCheckService>();
        var report = await WaitForAsync(async () => await health.CheckHealthAsync(), r => r.Entries["error-queues"].Status == HealthStatus.Degraded);
        Assert.Contains($"{queue}_error", report.Entries["error-queues"].Description);
        Assert.Equal(1, ErrorQueueDepthMetric($"{queue}_error"));

        var broker = flaky.Services.GetRequiredService<BrokerAddress>();
        Assert.Equal(1, await ErrorQueues.MoveBackAsync(broker, queue));

        await flaky.Deliveries.WaitForAsync(13, Patience);
        Assert.True(flaky.Deliveries.All.Last().Applied);
        Assert.Equal(1, await flaky.WithDbAsync(db => db.Effects.CountAsync(e => e.NoteId == sent.NoteId)));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["error-queues"].Status);
        Assert.Equal(0, ErrorQueueDepthMetric($"{queue}_error"));
    }

    private static long ErrorQueueDepthMetric(string errorQueue)
    {
        long? depth = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Name == "clearhours.messaging.error_queue.depth")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "messaging.destination.name" && (string?)tag.Value == errorQueue)
                {
                    depth = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return depth ?? throw new InvalidOperationException($"No depth measured for {errorQueue}.");
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }

    private async Task<TestService> Start(
        string name, Action<IBusRegistrationConfigurator>? consumers = null, IDictionary<string, string?>? settings = null)
    {
        var service = await TestService.StartAsync(name, await servers.CreateDatabaseAsync(name), _broker, consumers, settings);
        _started.Add(service);
        return service;
    }
}
