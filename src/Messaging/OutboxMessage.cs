using System.Diagnostics;
using System.Text.Json;

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

    public static OutboxMessage From(object message, DateTimeOffset now)
    {
        var type = message.GetType();
        return new OutboxMessage
        {
            // Version 7 ids sort by creation time, so the relay publishes in commit-ish order.
            Id = Guid.CreateVersion7(now),
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, type, MessageJson.Options),
            CreatedAt = now,
            TraceParent = Activity.Current?.Id,
            TraceState = Activity.Current?.TraceStateString,
            NextAttemptAt = now,
        };
    }

    public (object Message, Type Type) Deserialize()
    {
        var type = Type.GetType(MessageType, throwOnError: true)!;
        var message = JsonSerializer.Deserialize(Body, type, MessageJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {Id} has an empty body.");
        return (message, type);
    }

    public void RecordFailure(Exception error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
        NextAttemptAt = now + RetryDelay(Attempts);
    }

    /// <summary>Exponential backoff from one second, capped at five minutes.</summary>
    public static TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 10) - 1)));
}

public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
