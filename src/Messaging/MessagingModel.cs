using Microsoft.EntityFrameworkCore;

namespace Clearhours.Messaging;

public static class MessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_messages";
    public const string InboxPrimaryKey = "pk_inbox_messages";

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
            outbox.HasIndex(m => m.NextAttemptAt).HasDatabaseName("ix_outbox_messages_next_attempt_at");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(m => new { m.Consumer, m.MessageId }).HasName(InboxPrimaryKey);
            inbox.Property(m => m.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(m => m.MessageId).HasColumnName("message_id");
            inbox.Property(m => m.ProcessedAt).HasColumnName("processed_at");
        });

        return modelBuilder;
    }

    /// <summary>Saves an event with the pending changes: it is published after the transaction commits.</summary>
    public static void AddEvent(this DbContext db, object message) =>
        db.Set<OutboxMessage>().Add(OutboxMessage.From(message, DateTimeOffset.UtcNow));
}
