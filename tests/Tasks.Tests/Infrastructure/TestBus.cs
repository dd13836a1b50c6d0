using System.Collections.Concurrent;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using MassTransit;

namespace Clearhours.Tasks.Tests.Infrastructure;

/// <summary>A message the test bus received, with the MessageId it carried.</summary>
public sealed record Received(object Message, Guid? MessageId);

/// <summary>
/// Another "service" on the Tasks service's virtual host: a MassTransit bus of its own that hears every event the
/// Tasks service publishes (one message at a time, in queue order) and publishes the Reporting events the service
/// consumes. Started before the service, so no event is published before its queue is bound.
/// </summary>
public sealed class TestBus : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Received> _received = new();
    private IBusControl _bus = null!;

    private TestBus()
    {
    }

    public IReadOnlyCollection<Received> All => _received;

    public static async Task<TestBus> StartAsync(string broker)
    {
        var address = BrokerAddress.Parse(broker);
        var testBus = new TestBus();
        testBus._bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(address.Host, address.Port, address.VirtualHost, host =>
            {
                host.Username(address.Username);
                host.Password(address.Password);
                host.PublisherConfirmation = true;
            });
            rabbit.ReceiveEndpoint("tasks-tests-listener", endpoint =>
            {
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<CompanyChanged>(testBus.Record);
                endpoint.Handler<ProjectChanged>(testBus.Record);
                endpoint.Handler<TaskChanged>(testBus.Record);
                endpoint.Handler<TimeEntryRecorded>(testBus.Record);
                endpoint.Handler<TimeEntryChanged>(testBus.Record);
                endpoint.Handler<TimeEntryRemoved>(testBus.Record);
                endpoint.Handler<TimeLockConfirmed>(testBus.Record);
            });
        });
        using var timeout = new CancellationTokenSource(Patience);
        await testBus._bus.StartAsync(timeout.Token);
        return testBus;
    }

    /// <summary>Publishes with the given MessageId (a new one when null) and waits for the broker's confirmation.</summary>
    public async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await _bus.Publish(message, context => context.MessageId = id);
        return id;
    }

    public IReadOnlyList<T> Events<T>(Func<T, bool>? match = null) =>
        [.. _received.Select(r => r.Message).OfType<T>().Where(m => match?.Invoke(m) ?? true)];

    /// <summary>Waits for the first event of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            if (Events(match).FirstOrDefault() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"No matching {typeof(T).Name} within {(timeout ?? Patience).TotalSeconds:0} s; received: "
                    + string.Join(", ", _received.Select(r => r.Message.GetType().Name)));
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _bus.StopAsync(timeout.Token);
    }

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        _received.Enqueue(new Received(context.Message, context.MessageId));
        return Task.CompletedTask;
    }
}
