using System.Collections.Concurrent;
using MassTransit;

namespace Clearhours.Testing;

/// <summary>A message one of the service's consumers finished with (Error null) or failed on.</summary>
public sealed record Consumption(Type MessageType, Guid? MessageId, Exception? Error);

/// <summary>
/// Watches a service's consumers from inside it, so a test knows a message was handled (even one that had
/// no effect, such as a redelivery) rather than guessing with a delay.
/// </summary>
public sealed class ConsumeLog : IConsumeObserver
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Consumption> _all = new();
    private readonly ConcurrentQueue<Consumption> _attempts = new();

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        _all.Enqueue(new Consumption(typeof(T), context.MessageId, null));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        _all.Enqueue(new Consumption(typeof(T), context.MessageId, exception));
        return Task.CompletedTask;
    }

    /// <summary>Waits until <paramref name="count"/> deliveries of the message were consumed successfully.</summary>
    public async Task WaitForAsync(Type messageType, Guid messageId, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Matching(messageType, messageId).Count(c => c.Error is null) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                var faults = string.Join("; ", Matching(messageType, messageId).Where(c => c.Error is not null).Select(c => c.Error!.Message));
                throw new TimeoutException(
                    $"{messageType.Name} {messageId} was consumed {Matching(messageType, messageId).Count(c => c.Error is null)} times "
                    + $"within {Patience.TotalSeconds:0} s, expected {count}. Faults: {faults}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until an attempt at consuming the message failed, and returns why.</summary>
    public async Task<Exception> WaitForFaultAsync(Guid messageId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_attempts.FirstOrDefault(a => a.MessageId == messageId) is { } fault)
            {
                return fault.Error!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No attempt at consuming {messageId} failed within {Patience.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Why each attempt at consuming the message failed so far, in order; empty when none did.</summary>
    public IReadOnlyList<Exception> FailedAttemptsAt(Guid messageId) =>
        [.. _attempts.Where(a => a.MessageId == messageId).Select(a => a.Error!)];

    /// <summary>
    /// A failed attempt, seen inside the endpoint's retries: a message put off for a delayed redelivery is never
    /// reported as a fault to consume observers.
    /// </summary>
    public void AttemptFailed(Guid? messageId, Exception error) => _attempts.Enqueue(new Consumption(typeof(ConsumeContext), messageId, error));

    private IEnumerable<Consumption> Matching(Type messageType, Guid messageId) =>
        _all.Where(c => c.MessageType == messageType && c.MessageId == messageId);
}

/// <summary>Tells the <see cref="ConsumeLog"/> of every failed attempt, from inside each endpoint's retry and redelivery.</summary>
public sealed class FailedAttempts(ConsumeLog log) : IConfigureReceiveEndpoint, IFilter<ConsumeContext>
{
    public void Configure(string name, IReceiveEndpointConfigurator configurator) => configurator.UseFilter(this);

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception error)
        {
            log.AttemptFailed(context.MessageId, error);
            throw;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("failedAttempts");
}
