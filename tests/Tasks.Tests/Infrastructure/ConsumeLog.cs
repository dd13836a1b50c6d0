using System.Collections.Concurrent;
using MassTransit;

namespace Clearhours.Tasks.Tests.Infrastructure;

/// <summary>A message one of the service's consumers finished with (Error null) or failed on.</summary>
public sealed record Consumption(Type MessageType, Guid? MessageId, Exception? Error);

/// <summary>
/// Watches the Tasks service's consumers from inside it, so a test knows a message was handled (even one that had
/// no effect, such as a redelivery) rather than guessing with a delay.
/// </summary>
public sealed class ConsumeLog : IConsumeObserver
{
    private readonly ConcurrentQueue<Consumption> _all = new();

    public IReadOnlyCollection<Consumption> All => _all;

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
    public async Task WaitForAsync<T>(Guid messageId, int count, TimeSpan? timeout = null)
    {
        var patience = timeout ?? TestBus.Patience;
        var deadline = DateTime.UtcNow + patience;
        while (Matching<T>(messageId).Count(c => c.Error is null) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                var faults = string.Join("; ", Matching<T>(messageId).Where(c => c.Error is not null).Select(c => c.Error!.Message));
                throw new TimeoutException(
                    $"{typeof(T).Name} {messageId} was consumed {Matching<T>(messageId).Count(c => c.Error is null)} times "
                    + $"within {patience.TotalSeconds:0} s, expected {count}. Faults: {faults}");
            }

            await Task.Delay(50);
        }
    }

    private IEnumerable<Consumption> Matching<T>(Guid messageId) =>
        _all.Where(c => c.MessageType == typeof(T) && c.MessageId == messageId);
}
