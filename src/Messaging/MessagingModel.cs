using Microsoft.EntityFrameworkCore;

namespace Clearhours.Messaging;

public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";
    public const string InboxPrimaryKey = "pk_inbox_messages";
    public const string ParkedTable = "outbox_parked";

    /// <summary>Adds the outbox and inbox tables to a service's model; call from OnModelCreating.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Id).HasName("pk_outbox_messages");
            outbox.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(500);
            outbox.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            outbox.Property(m => m.CreatedAt).HasColumnName("created_at");
            outbox.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            outbox.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            outbox.Property(m => m.Attempts).HasColumnName("attempts");
            outbox.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            outbox.Property(m => m.AggregateKey).HasColumnName("aggregate_key").HasMaxLength(200);
            outbox.Property(m => m.Unroutable).HasColumnName("unroutable");
            outbox.HasIndex(m => m.NextAttemptAt).HasDatabaseName("ix_outbox_messages_next_attempt_at");
            outbox.HasIndex(m => new { m.AggregateKey, m.Id }).HasDatabaseName("ix_outbox_messages_aggregate_key_id");
        });

        modelBuilder.Entity<OutboxParkedMessage>(parked =>
        {
            parked.ToTable(ParkedTable);
            parked.HasKey(m => m.Id).HasName("pk_outbox_parked");
            parked.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            parked.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(500);
            parked.Property(m => m.Body).HasColumnName("body").HasColumnType("jsonb");
            parked.Property(m => m.CreatedAt).HasColumnName("created_at");
            parked.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(128);
            parked.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);
            parked.Property(m => m.AggregateKey).HasColumnName("aggregate_key").HasMaxLength(200);
            parked.Property(m => m.Attempts).HasColumnName("attempts");
            parked.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(2000);
            parked.Property(m => m.ParkedAt).HasColumnName("parked_at");
            parked.HasIndex(m => m.AggregateKey).HasDatabaseName("ix_outbox_parked_aggregate_key");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.Consumer, m.MessageId }).HasName(InboxPrimaryKey);
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
            inbox.HasIndex(m => m.ProcessedAt).HasDatabaseName("ix_inbox_messages_processed_at");
        });

        return modelBuilder;
    }

    /// <summary>
    /// Saves an event with the pending changes: it is published after the transaction commits, after every earlier
    /// event of the same aggregate (<paramref name="aggregateKey"/>, by default the event's first Guid property).
    /// </summary>
    public static void AddEvent(this DbContext db, object message, string? aggregateKey = null) =>
        db.Set<OutboxMessage>().Add(OutboxMessage.From(message, DateTimeOffset.UtcNow, aggregateKey));
}
