using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Messaging.Tests;

public sealed record NoteEdited(Guid NoteId, string Text);

/// <summary>When each edit arrived, to compare with when the note's first event did.</summary>
public sealed class Edits
{
    public ConcurrentQueue<(NoteEdited Edit, DateTime At)> All { get; } = new();
}

public sealed class NoteEditedConsumer(Edits edits) : IConsumer<NoteEdited>
{
    public Task Consume(ConsumeContext<NoteEdited> context)
    {
        edits.All.Enqueue((context.Message, DateTime.UtcNow));
        return Task.CompletedTask;
    }
}

/// <summary>One queue for both events of a note, so what it sees is the order they were published in.</summary>
public sealed class NoteHistoryConsumer(Edits history) : IConsumer<NoteWritten>, IConsumer<NoteEdited>
{
    public Task Consume(ConsumeContext<NoteWritten> context)
    {
        history.All.Enqueue((new NoteEdited(context.Message.NoteId, $"written: {context.Message.Text}"), DateTime.UtcNow));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<NoteEdited> context)
    {
        history.All.Enqueue((context.Message, DateTime.UtcNow));
        return Task.CompletedTask;
    }
}

public sealed class OutboxOrderAndParkingTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestService> _started = [];
    private string _broker = "";

    public async Task InitializeAsync() => _broker = await servers.CreateVirtualHostAsync("ordering");

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_published_before_its_consumer_ever_started_reaches_it_once_it_starts()
    {
        var writer = await Start("writer");
        var sent = await writer.WriteNoteAsync("nobody listens yet");

        // The broker returned it unroutable: the row stays for a retry instead of being confirmed into nowhere.
        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Attempts > 0)));
        var reader = await Start("reader", bus => bus.AddConsumer<NoteWrittenConsumer>());

        Assert.Equal(sent, Assert.Single(await reader.Deliveries.WaitForAsync(1, Patience)).Message);
        await WaitUntilAsync(() => writer.WithDbAsync(async db => !await db.Set<OutboxMessage>().AnyAsync()));
    }

    [Fact]
    public async Task A_later_event_of_an_aggregate_waits_while_an_earlier_one_is_retried_and_others_go_on()
    {
        var reader = await Start("reader", bus =>
        {
            bus.AddSingleton<Edits>();
            bus.AddConsumer<NoteHistoryConsumer>();
        });
        var writer = await Start("writer");
        var edits = reader.Services.GetRequiredService<Edits>();

        // The note's first event cannot be read by this version (its type was renamed), so it fails and is retried.
        var note = new NoteWritten(Guid.NewGuid(), "first version");
        await writer.WithDbAsync(async db =>
        {
            db.AddEvent(note);
            db.ChangeTracker.Entries<OutboxMessage>().Single().Property(m => m.MessageType).CurrentValue = "Gone.Type, Gone";
            db.AddEvent(new NoteEdited(note.NoteId, "second version"));
            db.AddEvent(new NoteEdited(Guid.NewGuid(), "another note's edit"));
            await db.SaveChangesAsync();
        });

        await WaitUntilAsync(() => Task.FromResult(edits.All.Any(e => e.Edit.Text == "another note's edit")));
        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Attempts >= 2)));
        var waiting = await writer.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([note.NoteId.ToString(), note.NoteId.ToString()], waiting.Select(m => m.AggregateKey));
        Assert.Equal(0, waiting[1].Attempts);
        Assert.DoesNotContain(edits.All, e => e.Edit.NoteId == note.NoteId);

        // The version that knows the type again is deployed.
        var type = OutboxMessage.From(note, DateTimeOffset.UtcNow).MessageType;
        await writer.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE outbox_messages SET message_type = {type}, next_attempt_at = now() WHERE id = {waiting[0].Id}"));

        await WaitUntilAsync(() => Task.FromResult(edits.All.Count(e => e.Edit.NoteId == note.NoteId) == 2));
        Assert.Equal(["written: first version", "second version"], edits.All.Where(e => e.Edit.NoteId == note.NoteId).Select(e => e.Edit.Text));
    }

    [Fact]
    public async Task An_event_no_queue_wants_does_not_hold_back_its_aggregate_and_is_dropped_and_counted_after_its_attempts()
    {
        using var unrouted = new CounterTotal("clearhours.outbox.unrouted");
        var reader = await Start("reader", bus =>
        {
            bus.AddSingleton<Edits>();
            bus.AddConsumer<NoteEditedConsumer>();
        });
        var writer = await Start("writer", settings: new Dictionary<string, string?> { ["Messaging:Outbox:MaxAttempts"] = "3" });
        var edits = reader.Services.GetRequiredService<Edits>();

        var note = await writer.WriteNoteAsync("nobody consumes NoteWritten here");
        await writer.WithDbAsync(async db =>
        {
            db.AddEvent(new NoteEdited(note.NoteId, "edited"));
            await db.SaveChangesAsync();
        });

        await WaitUntilAsync(() => Task.FromResult(edits.All.Any(e => e.Edit.NoteId == note.NoteId)));
        await WaitUntilAsync(() => writer.WithDbAsync(async db => !await db.Set<OutboxMessage>().AnyAsync()));
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().CountAsync()));
        Assert.Equal(1, unrouted.Total);
    }

    [Fact]
    public async Task A_broker_outage_spends_no_attempt_and_parks_nothing_and_the_backlog_goes_out_once_it_is_back()
    {
        var reader = await Start("reader", bus => bus.AddConsumer<NoteWrittenConsumer>());
        var broker = new Uri(_broker);
        await using var outage = TcpOutage.Before(broker.Host, broker.Port);
        var writer = await Start("writer", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = new UriBuilder(broker) { Port = outage.Port }.Uri.ToString(),
            ["Messaging:Outbox:MaxAttempts"] = "2",
            ["Messaging:Outbox:PublishTimeout"] = "00:00:01",
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
        });

        outage.Cut();
        var note = await writer.WriteNoteAsync("written while the broker is out of reach");
        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.LastError != null)));
        // Many relay rounds: each would spend an attempt of the two a message has, were the outage the message's fault.
        await Task.Delay(TimeSpan.FromSeconds(4));

        var row = await writer.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync());
        Assert.Equal(0, row.Attempts);
        Assert.False(row.Unroutable);
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().CountAsync()));
        Assert.Empty(reader.Deliveries.All);

        // Back: no backoff was added, so the row goes out with the relay's next round and MassTransit's reconnect.
        outage.Restore();
        await WaitUntilAsync(() => Task.FromResult(reader.Deliveries.All.Any(d => d.Message.NoteId == note.NoteId)));
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_service_starts_while_its_broker_is_out_of_reach_says_Unhealthy_and_its_backlog_goes_out_once_the_broker_answers()
    {
        var reader = await Start("reader", bus => bus.AddConsumer<NoteWrittenConsumer>());
        var broker = new Uri(_broker);
        await using var outage = TcpOutage.Before(broker.Host, broker.Port);
        outage.Cut();

        // As at a start while RabbitMQ still boots: the host starts (a web service listens) without waiting for the bus.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var writer = await Start("writer", settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = new UriBuilder(broker) { Port = outage.Port }.Uri.ToString(),
            ["Messaging:Outbox:PollInterval"] = "00:00:00.200",
        }, waitForBus: false);
        var startedIn = clock.Elapsed;
        var health = writer.Services.GetRequiredService<HealthCheckService>();
        var whileOut = await health.CheckHealthAsync();

        var note = await writer.WriteNoteAsync("written before the broker answered");
        await Task.Delay(TimeSpan.FromSeconds(2)); // ten relay rounds, had the relay not waited for the bus
        var row = await writer.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync());

        Assert.InRange(startedIn, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Equal(HealthStatus.Unhealthy, whileOut.Status);
        Assert.Contains(whileOut.Entries, entry => entry.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase) && entry.Value.Status == HealthStatus.Unhealthy);
        Assert.Equal((0, null), (row.Attempts, row.LastError)); // not tried: the relay waits for the bus
        Assert.Empty(reader.Deliveries.All);

        outage.Restore();
        await WaitUntilAsync(() => Task.FromResult(reader.Deliveries.All.Any(d => d.Message.NoteId == note.NoteId)));
        await WaitUntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy);
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_is_parked_with_its_reason_counted_shown_in_health_and_sent_when_retried()
    {
        using var parkedMetric = new CounterTotal("clearhours.outbox.parked");
        var reader = await Start("reader", bus => bus.AddConsumer<NoteWrittenConsumer>());
        var writer = await Start("writer", settings: new Dictionary<string, string?> { ["Messaging:Outbox:MaxAttempts"] = "2" });

        // As if the event's type had been renamed by a later version of the service.
        var sent = new NoteWritten(Guid.NewGuid(), "renamed later");
        await writer.WithDbAsync(async db =>
        {
            db.AddEvent(sent);
            db.ChangeTracker.Entries<OutboxMessage>().Single().Property(m => m.MessageType).CurrentValue = "Gone.Type, Gone";
            await db.SaveChangesAsync();
        });

        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().AnyAsync()));
        var parked = await writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().SingleAsync());
        Assert.Equal(2, parked.Attempts);
        Assert.Contains("Gone", parked.LastError);
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Equal(1, parkedMetric.Total);
        var health = await writer.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Degraded, health.Entries["outbox-parked"].Status);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(2, (await writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().SingleAsync())).Attempts); // not tried again
        Assert.Empty(reader.Deliveries.All);

        // The operator deploys the version that knows the type again, then retries the parked rows.
        var type = OutboxMessage.From(sent, DateTimeOffset.UtcNow).MessageType;
        await writer.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE outbox_parked SET message_type = {type}"));
        Assert.Equal(1, await writer.WithDbAsync(db => OutboxParking.RetryAsync(db)));

        Assert.Equal(sent, Assert.Single(await reader.Deliveries.WaitForAsync(1, Patience)).Message);
        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxParkedMessage>().CountAsync()));
        health = await writer.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries["outbox-parked"].Status);
    }

    [Fact]
    public async Task The_relay_starts_after_the_bus_and_stops_before_it()
    {
        var writer = await Start("writer");

        var hosted = writer.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        var bus = hosted.FindIndex(t => t.Name.StartsWith("MassTransitHostedService", StringComparison.Ordinal));
        var relay = hosted.FindIndex(t => t == typeof(OutboxRelay<TestDbContext>));
        Assert.InRange(bus, 0, relay - 1); // hosts start in this order and stop in the reverse one
    }

    [Fact]
    public async Task A_fresh_backlog_is_Healthy_and_a_row_waiting_over_a_minute_makes_the_service_Degraded_and_shows_in_the_gauges()
    {
        var writer = await Start("writer", settings: new Dictionary<string, string?> { ["Messaging:Outbox:RelayEnabled"] = "false" });
        using var metrics = new MetricCapture(MessagingMetrics.MeterName);
        var health = writer.Services.GetRequiredService<HealthCheckService>();

        await writer.WriteNoteAsync("just written");
        var fresh = await health.CheckHealthAsync();

        // As if the relay had not reached the broker for two minutes.
        await writer.WithDbAsync(async db =>
        {
            db.Set<OutboxMessage>().Add(OutboxMessage.From(new NoteWritten(Guid.NewGuid(), "waiting"), DateTimeOffset.UtcNow.AddMinutes(-2)));
            await db.SaveChangesAsync();
        });
        var old = await health.CheckHealthAsync();
        await Monitor(writer).PollNowAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, fresh.Entries["outbox-backlog"].Status);
        Assert.Equal(HealthStatus.Degraded, old.Entries["outbox-backlog"].Status);
        Assert.Equal(HealthStatus.Degraded, old.Status);
        Assert.Contains("2 outbox message(s) not published", old.Entries["outbox-backlog"].Description);
        var database = await writer.WithDbAsync(db => Task.FromResult(OutboxReading.DatabaseOf(db)));
        Assert.Equal(2, Gauge(metrics, "clearhours.outbox.backlog", database));
        Assert.InRange(Gauge(metrics, "clearhours.outbox.backlog.age", database), 120, 180);
        Assert.Equal(0, Gauge(metrics, "clearhours.outbox.parked.count", database));
    }

    [Fact]
    public async Task A_row_no_queue_is_bound_for_is_no_backlog_however_long_it_waits()
    {
        // No reader: the broker returns NoteWritten, as it returns Reporting's ReportSent, which no service consumes.
        var writer = await Start("writer");
        using var metrics = new MetricCapture(MessagingMetrics.MeterName);
        await writer.WriteNoteAsync("nobody listens");
        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Unroutable)));
        await writer.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET created_at = now() - interval '10 minutes'"));

        var health = await writer.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await Monitor(writer).PollNowAsync(CancellationToken.None);

        Assert.Equal(1, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Equal(HealthStatus.Healthy, health.Entries["outbox-backlog"].Status);
        var database = await writer.WithDbAsync(db => Task.FromResult(OutboxReading.DatabaseOf(db)));
        Assert.Equal((0d, 0d), (Gauge(metrics, "clearhours.outbox.backlog", database), Gauge(metrics, "clearhours.outbox.backlog.age", database)));
    }

    private static OutboxMonitor<TestDbContext> Monitor(TestService service) =>
        service.Services.GetServices<IHostedService>().OfType<OutboxMonitor<TestDbContext>>().Single();

    private static double Gauge(MetricCapture metrics, string name, string database) =>
        Assert.Single(metrics.Observe(name), m => m.Tag("db.namespace") == database).Value;

    private async Task<TestService> Start(
        string name, Action<IBusRegistrationConfigurator>? consumers = null, IDictionary<string, string?>? settings = null,
        bool waitForBus = true)
    {
        var service = await TestService.StartAsync(name, await servers.CreateDatabaseAsync(name), _broker, consumers, settings, waitForBus);
        _started.Add(service);
        return service;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sums one of the messaging counters as an OpenTelemetry exporter would see it.</summary>
    private sealed class CounterTotal : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterTotal(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MessagingMetrics.MeterName && instrument.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
