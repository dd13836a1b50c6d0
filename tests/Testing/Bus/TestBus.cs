using System.Collections.Concurrent;
using Clearhours.Messaging;
using MassTransit;

namespace Clearhours.Testing;

/// <summary>
/// The other services, as far as the service under test hears them: a bus on its virtual host that publishes their
/// events, and waits until the service's consumers are done with each.
/// </summary>
public sealed class TestBus(IBusControl bus, ConsumeLog consumed) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, int> _published = new();

    public static async Task<TestBus> StartAsync(string broker, ConsumeLog consumed)
    {
        var address = BrokerAddress.Parse(broker);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(address.Host, address.Port, address.VirtualHost, host =>
        {
            host.Username(address.Username);
            host.Password(address.Password);
            host.PublisherConfirmation = true;
        }));
        using var timeout = new CancellationTokenSource(ConsumeLog.Patience);
        await bus.StartAsync(timeout.Token);
        return new TestBus(bus, consumed);
    }

    /// <summary>Publishes the message (under <paramref name="messageId"/>, or a new id) and waits until the service consumed it.</summary>
    public async Task DeliverAsync(object message, Guid? messageId = null)
    {
        var id = await PublishAsync(message, messageId);
        await consumed.WaitForAsync(message.GetType(), id, _published[id]);
    }

    /// <summary>Publishes the message and waits until the service's consumer failed on it; the failure is returned.</summary>
    public async Task<Exception> DeliverFailingAsync(object message, Guid? messageId = null) =>
        await consumed.WaitForFaultAsync(await PublishAsync(message, messageId));

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(ConsumeLog.Patience);
        await bus.StopAsync(timeout.Token);
    }

    private async Task<Guid> PublishAsync(object message, Guid? messageId)
    {
        var id = messageId ?? Guid.NewGuid();
        _published.AddOrUpdate(id, 1, (_, times) => times + 1);
        await bus.Publish(message, message.GetType(), context => context.MessageId = id);
        return id;
    }
}
