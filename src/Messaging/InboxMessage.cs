namespace Clearhours.Messaging;

/// <summary>A message a consumer has already applied; saved in the same transaction as its effect.</summary>
public sealed class InboxMessage
{
    public required string Consumer { get; init; }
    public required Guid MessageId { get; init; }
    public required DateTimeOffset ProcessedAt { get; init; }
}
