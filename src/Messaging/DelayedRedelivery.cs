using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Context;
using MassTransit.Scheduling;
using RabbitMQ.Client;

namespace Clearhours.Messaging;

/// <summary>
/// Thrown by a consumer whose message depends on another one that has not been applied yet (an InvoicePaid before
/// its InvoiceIssued): the message waits on the delayed redelivery schedule instead of failing for good.
/// </summary>
public sealed class MessageNotReadyException(string message) : Exception(message);

/// <summary>
/// Thrown by a consumer for a message that can never be applied as it stands (an approval whose lines do not add up to
/// its total): no retry or redelivery can change that, so it goes straight to the error queue with its reason.
/// </summary>
public sealed class MessageRefusedException(string message, Exception? cause = null) : Exception(message, cause);

/// <summary>
/// Delayed redelivery without RabbitMQ's delayed-message plugin (MassTransit's own needs it): a message to retry later
/// goes to a queue whose TTL is the delay and whose dead-letter exchange is the default one, so when it expires it is
/// routed back by its routing key, the consumer's queue. One queue per delay, so no message waits behind a longer one.
/// </summary>
public sealed class DelayQueues(BrokerAddress broker, IReadOnlyList<TimeSpan> intervals)
{
    private readonly ConcurrentDictionary<long, Lazy<Task>> _declared = new();

    public static string Name(TimeSpan delay) => $"clearhours.delay.{(long)delay.TotalMilliseconds}ms";

    /// <summary>The configured interval nearest to what the policy asked for (its clock ran on a little since).</summary>
    public TimeSpan Nearest(TimeSpan requested) =>
        intervals.OrderBy(interval => Math.Abs((interval - requested).Ticks)).FirstOrDefault(requested);

    public Task EnsureDeclaredAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var milliseconds = (long)delay.TotalMilliseconds;
        var declared = _declared.GetOrAdd(milliseconds, ms => new Lazy<Task>(() => DeclareAsync(ms, cancellationToken)));
        if (declared.Value.IsFaulted)
        {
            _declared.TryRemove(milliseconds, out _);
        }

        return declared.Value;
    }

    private async Task DeclareAsync(long milliseconds, CancellationToken cancellationToken)
    {
        var name = Name(TimeSpan.FromMilliseconds(milliseconds));
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-message-ttl"] = milliseconds, ["x-dead-letter-exchange"] = "" },
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(name, name, "", cancellationToken: cancellationToken);
    }
}

/// <summary>Gives MassTransit's scheduled redelivery a scheduler that sends through <see cref="DelayQueues"/>.</summary>
/// <remarks>
/// Added as a pre-pipe specification (as MassTransit adds its own schedulers): a payload added in the ordinary consume
/// pipe lands on the retry filter's copy of the context, where the redelivery filter does not see it.
/// </remarks>
public sealed class DelayQueueSchedulerFilter(DelayQueues queues) : IFilter<ConsumeContext>, IPipeSpecification<ConsumeContext>
{
    public void Apply(IPipeBuilder<ConsumeContext> builder) => builder.AddFilter(this);

    public IEnumerable<ValidationResult> Validate() => [];

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() => new ConsumeMessageSchedulerContext(context,
            consumeContext => new MessageScheduler(new DelayQueueScheduleProvider(consumeContext, queues), null!)));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("delayQueueScheduler");
}

internal sealed class DelayQueueScheduleProvider(ConsumeContext context, DelayQueues queues) : IScheduleMessageProvider
{
    public async Task<ScheduledMessage<T>> ScheduleSend<T>(
        Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        var delay = queues.Nearest(scheduledTime - DateTime.UtcNow);
        await queues.EnsureDeclaredAsync(delay, cancellationToken);

        var queue = destinationAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        var endpoint = await context.GetSendEndpoint(new Uri($"exchange:{DelayQueues.Name(delay)}?type=fanout"));
        await endpoint.Send(message, Pipe.Execute<SendContext<T>>(async send =>
        {
            await pipe.Send(send);
            send.SetRoutingKey(queue); // what the expired message is dead-lettered by
        }), cancellationToken);
        return new ScheduledMessageHandle<T>(NewId.NextGuid(), scheduledTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;
}
