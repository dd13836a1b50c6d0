using System.Diagnostics;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Clearhours.Messaging.Tests;

public sealed class OutboxAndInboxTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestService> _started = [];
    private string _broker = "";

    public async Task InitializeAsync() => _broker = await servers.CreateVirtualHostAsync("outbox");

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_saved_with_a_change_is_delivered_when_the_writer_stops_after_the_commit_and_a_new_process_starts()
    {
        var writerDb = await servers.CreateDatabaseAsync("writer");
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());

        // The first process commits and stops before its relay runs.
        var firstProcess = await TestService.StartAsync("writer", writerDb, _broker,
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:RelayEnabled"] = "false" });
        var sent = await firstProcess.WriteNoteAsync("written just before a crash");
        await firstProcess.DisposeAsync();

        await Start("writer", writerDb);

        var delivered = await reader.Deliveries.WaitForAsync(1, Patience);
        Assert.Equal(sent, Assert.Single(delivered).Message);
        Assert.Equal(1, await reader.WithDbAsync(db => db.Effects.CountAsync(e => e.NoteId == sent.NoteId)));
    }

    [Fact]
    public async Task A_message_published_by_one_service_reaches_another_services_consumer_without_waiting_for_a_poll()
    {
        // A poll this slow would fail the test: only the in-process wake-up delivers in time.
        var writer = await Start("writer", await servers.CreateDatabaseAsync("writer"),
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "00:05:00" });
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());
        await Task.Delay(TimeSpan.FromSeconds(1)); // let the relay do its first, empty, pass and go to sleep

        var sent = await writer.WriteNoteAsync("hello from the writer");

        var delivery = Assert.Single(await reader.Deliveries.WaitForAsync(1, TimeSpan.FromSeconds(20)));
        Assert.Equal(sent, delivery.Message);
        Assert.True(delivery.Applied);

        // The relay deletes the row once the broker confirmed it, which may be just after the reader got it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (await writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task The_outbox_row_id_is_the_message_id_and_one_trace_follows_the_flow()
    {
        using var listener = ListenToAllActivities();
        var writerDb = await servers.CreateDatabaseAsync("writer");
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());

        // Written with the relay off, so the row can be read before anything publishes it.
        var withoutRelay = await TestService.StartAsync("writer", writerDb, _broker,
            settings: new Dictionary<string, string?> { ["Messaging:Outbox:RelayEnabled"] = "false" });
        ActivityTraceId requestTrace;
        using (var request = new Activity("test request").Start())
        {
            requestTrace = request.TraceId;
            await withoutRelay.WriteNoteAsync("traced");
        }

        var outboxId = await withoutRelay.WithDbAsync(db => db.Set<OutboxMessage>().Select(m => m.Id).SingleAsync());
        await withoutRelay.DisposeAsync();
        await Start("writer", writerDb);

        var delivery = Assert.Single(await reader.Deliveries.WaitForAsync(1, Patience));
        Assert.Equal(outboxId, delivery.MessageId);
        Assert.Equal(requestTrace, delivery.TraceId);
    }

    [Fact]
    public async Task A_row_that_commits_late_is_still_delivered()
    {
        var writerDb = await servers.CreateDatabaseAsync("writer");
        var writer = await Start("writer", writerDb);
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());

        // The slow transaction takes its outbox id (and so its place in the order) first, but commits last.
        await using var slowScope = writer.Services.CreateAsyncScopeFor<TestDbContext>(out var slowDb);
        await using var slowTransaction = await slowDb.Database.BeginTransactionAsync();
        var late = new NoteWritten(Guid.NewGuid(), "committed late");
        slowDb.Notes.Add(new Note { Id = late.NoteId, Text = late.Text });
        slowDb.AddEvent(late);
        await slowDb.SaveChangesAsync();

        var early = await writer.WriteNoteAsync("committed early");
        await reader.Deliveries.WaitForAsync(1, Patience);

        await slowTransaction.CommitAsync();

        var delivered = await reader.Deliveries.WaitForAsync(2, Patience);
        Assert.Equal([early, late], delivered.Select(d => d.Message));
    }

    [Fact]
    public async Task A_message_delivered_twice_has_one_effect()
    {
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());
        var publisher = await Start("publisher", await servers.CreateDatabaseAsync("publisher"));
        var bus = publisher.Services.GetRequiredService<IBus>();
        using var metrics = new MetricCapture(MessagingMetrics.MeterName);

        // What a relay that crashed between the broker's confirm and its own commit sends again.
        var message = new NoteWritten(Guid.NewGuid(), "sent twice");
        var messageId = NewId.NextGuid();
        await bus.Publish(message, context => context.MessageId = messageId);
        await bus.Publish(message, context => context.MessageId = messageId);

        var deliveries = await reader.Deliveries.WaitForAsync(2, Patience);
        Assert.Equal([true, false], deliveries.Select(d => d.Applied).Order().Reverse());
        Assert.Equal(1, await reader.WithDbAsync(db => db.Effects.CountAsync(e => e.NoteId == message.NoteId)));
        Assert.Equal(1, await reader.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
        // At least this one: test classes running alongside may drop duplicates of their own meanwhile.
        Assert.Contains(metrics.Of("clearhours.inbox.duplicates"), m => m.Tag("clearhours.consumer") == nameof(NoteWrittenConsumer) && m.Value == 1);
    }

    [Fact]
    public async Task A_consumer_that_throws_sends_its_message_to_the_error_queue_after_the_retries()
    {
        var failing = await Start("failing", await servers.CreateDatabaseAsync("failing"), bus => bus.AddConsumer<FailingNoteConsumer>());
        var writer = await Start("writer", await servers.CreateDatabaseAsync("writer"));

        var sent = await writer.WriteNoteAsync("cannot be applied");

        // One delivery and three retries, then twice more after a delay (the intervals TestService configures).
        var attempts = await failing.Deliveries.WaitForAsync(12, Patience);
        Assert.All(attempts, a => Assert.Equal(sent, a.Message));

        var errorQueue = $"{new KebabCaseEndpointNameFormatter("failing", false).Consumer<FailingNoteConsumer>()}_error";
        var parked = await Queues.WaitForMessageAsync(_broker, errorQueue, Patience);
        Assert.Contains(sent.NoteId.ToString(), parked);

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(12, failing.Deliveries.All.Count);
        Assert.Equal(0, await failing.WithDbAsync(db => db.Effects.CountAsync()));
        Assert.Equal(0, await failing.WithDbAsync(db => db.Set<InboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task A_consumed_message_is_saved_without_savepoints()
    {
        // Every statement PostgreSQL ran, with the trace it ran in (the services trace commands only within a flow).
        var statements = new System.Collections.Concurrent.ConcurrentQueue<(ActivityTraceId Trace, string Text)>();
        using var listener = ListenToAllActivities(stopped =>
        {
            if (stopped.Source.Name == "Npgsql" && (stopped.GetTagItem("db.query.text") ?? stopped.GetTagItem("db.statement")) is string text)
            {
                statements.Enqueue((stopped.TraceId, text));
            }
        });
        var reader = await Start("reader", await servers.CreateDatabaseAsync("reader"), bus => bus.AddConsumer<NoteWrittenConsumer>());
        var writer = await Start("writer", await servers.CreateDatabaseAsync("writer"));

        await writer.WriteNoteAsync("saved twice in one transaction");

        var delivery = Assert.Single(await reader.Deliveries.WaitForAsync(1, Patience));
        Assert.True(delivery.Applied);
        var consumed = statements.Where(s => s.Trace == delivery.TraceId).Select(s => s.Text).ToList();
        // Its two saves (the inbox row, then the effect) ran in the consumer's trace...
        Assert.Contains(consumed, text => text.Contains(MessagingModel.InboxTable, StringComparison.Ordinal));
        Assert.Contains(consumed, text => text.Contains("effects", StringComparison.OrdinalIgnoreCase));
        // ...each without a SAVEPOINT before it and a RELEASE after: two round trips a save.
        Assert.DoesNotContain(consumed, text => text.Contains("SAVEPOINT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Two_services_with_the_same_consumer_each_get_their_own_copy()
    {
        var first = await Start("first", await servers.CreateDatabaseAsync("first"), bus => bus.AddConsumer<NoteWrittenConsumer>());
        var second = await Start("second", await servers.CreateDatabaseAsync("second"), bus => bus.AddConsumer<NoteWrittenConsumer>());
        var writer = await Start("writer", await servers.CreateDatabaseAsync("writer"));

        var sent = await writer.WriteNoteAsync("for both");

        Assert.Equal(sent, Assert.Single(await first.Deliveries.WaitForAsync(1, Patience)).Message);
        Assert.Equal(sent, Assert.Single(await second.Deliveries.WaitForAsync(1, Patience)).Message);
    }

    private async Task<TestService> Start(
        string name, string database, Action<IBusRegistrationConfigurator>? consumers = null,
        IDictionary<string, string?>? settings = null)
    {
        var service = await TestService.StartAsync(name, database, _broker, consumers, settings);
        _started.Add(service);
        return service;
    }

    private static ActivityListener ListenToAllActivities(Action<Activity>? stopped = null)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
