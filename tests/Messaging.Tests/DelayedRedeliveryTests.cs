using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Clearhours.Messaging.Tests;

/// <summary>How many deliveries a <see cref="FlakyNoteConsumer"/> fails before it works.</summary>
public sealed class Outage(int failures)
{
    private int _left = failures;

    public bool StillDown() => Interlocked.Decrement(ref _left) >= 0;
}

/// <summary>Fails as a consumer does while its database is down, then applies the note once.</summary>
public sealed class FlakyNoteConsumer(TestDbContext db, Deliveries deliveries, Outage outage) : IConsumer<NoteWritten>
{
    public async Task Consume(ConsumeContext<NoteWritten> context)
    {
        if (outage.StillDown())
        {
            deliveries.Add(new Delivery(nameof(FlakyNoteConsumer), context.MessageId, context.Message, null, false));
            throw new NpgsqlException("The database is failing over.");
        }

        var applied = await db.ProcessOnceAsync(context, nameof(FlakyNoteConsumer), _ =>
        {
            db.Effects.Add(new Effect { Consumer = nameof(FlakyNoteConsumer), NoteId = context.Message.NoteId });
            return Task.CompletedTask;
        });
        deliveries.Add(new Delivery(nameof(FlakyNoteConsumer), context.MessageId, context.Message, null, applied));
    }
}

public sealed class DelayedRedeliveryTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestService> _started = [];
    private string _broker = "";

    public async Task InitializeAsync() => _broker = await servers.CreateVirtualHostAsync("redelivery");

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_consumer_failing_longer_than_its_immediate_retries_gets_the_message_again_later_and_applies_it_once()
    {
        // Four immediate attempts fail, and the first delayed redelivery's four too: only the second one gets through.
        var flaky = await Start("flaky", bus =>
        {
            bus.AddSingleton(new Outage(failures: 8));
            bus.AddConsumer<FlakyNoteConsumer>();
        });
        var writer = await Start("writer");

        var sent = await writer.WriteNoteAsync("written during a failover");

        var deliveries = await flaky.Deliveries.WaitForAsync(9, Patience);
        Assert.True(deliveries.Last().Applied);
        Assert.All(deliveries, d => Assert.Equal(sent, d.Message));
        Assert.Equal(1, await flaky.WithDbAsync(db => db.Effects.CountAsync(e => e.NoteId == sent.NoteId)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(9, flaky.Deliveries.All.Count);
        Assert.Equal(0u, await Queues.CountAsync(_broker, Queues.ErrorQueueOf<FlakyNoteConsumer>("flaky")));
    }

    [Fact]
    public void The_default_redelivery_schedule_spans_more_than_ten_minutes()
    {
        var options = new MessagingOptions();

        Assert.True(options.EffectiveRedeliveryIntervals.Aggregate(TimeSpan.Zero, (sum, interval) => sum + interval) > TimeSpan.FromMinutes(10));
        Assert.Equal(options.EffectiveRedeliveryIntervals.Order(), options.EffectiveRedeliveryIntervals);
    }

    private async Task<TestService> Start(string name, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var service = await TestService.StartAsync(name, await servers.CreateDatabaseAsync(name), _broker, consumers);
        _started.Add(service);
        return service;
    }
}
