using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using MassTransit;
using RabbitMQ.Client.Exceptions;

namespace Clearhours.Messaging;

/// <summary>An event waiting to be published: saved in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string? TraceParent { get; private set; }
    public string? TraceState { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>
    /// The last attempt came back from the broker with no queue bound for the event. Such a row does not hold back
    /// later events of its aggregate: no queue that exists now can miss it.
    /// </summary>
    public bool Unroutable { get; private set; }

    /// <summary>The entity the event is about: the relay publishes one aggregate's events strictly in id order.</summary>
    public string? AggregateKey { get; private set; }

    private static long _lastIdMilliseconds;

    public static OutboxMessage From(object message, DateTimeOffset now, string? aggregateKey = null)
    {
        var type = message.GetType();
        var shape = Shapes.GetOrAdd(type, MessageShape.Of);
        return new OutboxMessage
        {
            Id = NextId(now),
            AggregateKey = aggregateKey ?? shape.AggregateKey?.GetValue(message)?.ToString(),
            MessageType = shape.MessageType,
            Body = JsonSerializer.Serialize(message, type, MessageJson.Options),
            CreatedAt = now,
            TraceParent = Activity.Current?.Id,
            TraceState = Activity.Current?.TraceStateString,
            NextAttemptAt = now,
        };
    }

    /// <summary>
    /// A version 7 id, so ids sort by creation time; within one millisecond its timestamp moves on by one, so two events
    /// saved together keep their order (version 7's random bits alone would shuffle them).
    /// </summary>
    private static Guid NextId(DateTimeOffset now)
    {
        long last, next;
        do
        {
            last = Interlocked.Read(ref _lastIdMilliseconds);
            next = Math.Max(now.ToUnixTimeMilliseconds(), last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastIdMilliseconds, next, last) != last);

        return Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(next));
    }

    /// <summary>The event's first Guid property (InvoiceId, ReportId, TimeEntryId…): by convention, what it is about.</summary>
    public static string? AggregateKeyOf(object message) =>
        Shapes.GetOrAdd(message.GetType(), MessageShape.Of).AggregateKey?.GetValue(message)?.ToString();

    // Looked up once per event type: an import adds a hundred thousand events of the same few types.
    private static readonly ConcurrentDictionary<Type, MessageShape> Shapes = new();

    private sealed record MessageShape(string MessageType, PropertyInfo? AggregateKey)
    {
        public static MessageShape Of(Type type) => new(
            $"{type.FullName}, {type.Assembly.GetName().Name}",
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(Guid))
                .OrderBy(p => p.MetadataToken)
                .FirstOrDefault());
    }

    public (object Message, Type Type) Deserialize()
    {
        var type = Type.GetType(MessageType, throwOnError: true)!;
        var message = JsonSerializer.Deserialize(Body, type, MessageJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {Id} has an empty body.");
        return (message, type);
    }

    /// <summary>
    /// A failed publish: the row is tried again after a backoff, and parked once its attempts are spent. A broker that
    /// cannot be reached (or does not confirm in time) is no fault of the message: that spends no attempt and adds no
    /// backoff, so an outage of any length parks nothing and its backlog goes out as soon as the broker is back.
    /// </summary>
    public void RecordFailure(Exception error, DateTimeOffset now)
    {
        LastError = $"{error.GetType().Name}: {error.Message}";
        LastError = LastError.Length > 2000 ? LastError[..2000] : LastError;
        if (IsBrokerUnavailable(error))
        {
            NextAttemptAt = now;
            return;
        }

        Attempts++;
        Unroutable = error is MessageReturnedException;
        NextAttemptAt = now + RetryDelay(Attempts);
    }

    /// <summary>The broker unreachable or gone, or no confirm within the publish timeout: the broker's failure.</summary>
    public static bool IsBrokerUnavailable(Exception error) =>
        error is OperationCanceledException or RabbitMqConnectionException or BrokerUnreachableException or ConnectFailureException
        || error.InnerException is { } inner && IsBrokerUnavailable(inner);

    public OutboxParkedMessage Park(DateTimeOffset now) => new()
    {
        Id = Id,
        MessageType = MessageType,
        Body = Body,
        CreatedAt = CreatedAt,
        TraceParent = TraceParent,
        TraceState = TraceState,
        AggregateKey = AggregateKey,
        Attempts = Attempts,
        LastError = LastError,
        ParkedAt = now,
    };

    /// <summary>Exponential backoff from one second, capped at five minutes.</summary>
    public static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 10) - 1)));
}

public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
