using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Messaging;

public static class Inbox
{
    /// <summary>
    /// Applies a message's effect at most once per consumer: the inbox row and the effect commit together,
    /// so a redelivered message (same MessageId) finds its row and changes nothing.
    /// </summary>
    /// <returns>true when the effect was applied now, false when the message had been processed before.</returns>
    public static Task<bool> ProcessOnceAsync(
        this DbContext db, ConsumeContext context, string consumer, Func<CancellationToken, Task> effect) =>
        db.WithoutSavepointsAsync(() => ApplyOnceAsync(db, context, consumer, effect));

    private static async Task<bool> ApplyOnceAsync(DbContext db, ConsumeContext context, string consumer, Func<CancellationToken, Task> effect)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        var cancellationToken = context.CancellationToken;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // Inserted first, with no look beforehand (one round trip less for every message): a message processed
            // before fails on its key at once, a concurrent duplicate waits on the key and then gives up, rather
            // than computing the effect a second time.
            db.Set<InboxMessage>().Add(new InboxMessage
            {
                Consumer = consumer,
                MessageId = messageId,
                ProcessedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);

            await effect(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (IsInboxDuplicate(error))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return Duplicate(consumer);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private static bool Duplicate(string consumer)
    {
        MessagingMetrics.InboxDuplicates.Add(1, new KeyValuePair<string, object?>("clearhours.consumer", consumer));
        return false;
    }

    private static bool IsInboxDuplicate(DbUpdateException error) =>
        error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: MessagingModel.InboxPrimaryKey,
        };
}
