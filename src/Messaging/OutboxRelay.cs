using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearhours.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 100;

    /// <summary>How often the relay looks without being woken: rows written by another process, retries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool RelayEnabled { get; set; } = true;

    /// <summary>
    /// Attempts before a row is parked in outbox_parked. With the backoff (1 s doubling to 5 min) the default keeps
    /// trying for about an hour: long enough for a consumer's queue that does not exist yet to be declared. A row that
    /// was still unroutable then is an event no service consumes (ReportSent today): it is dropped and counted instead.
    /// </summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>The service is Degraded while the oldest row some queue wants has waited longer than this.</summary>
    public TimeSpan BacklogDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Publishes committed outbox rows to the broker. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
/// replicas share the work; nothing is remembered between batches, so a row that commits late is simply
/// found by the next one. A row is deleted only after the broker confirmed it and routed it to a queue
/// (mandatory publish: an event nobody's queue is bound for yet is retried, not dropped). Only the oldest row of
/// each aggregate is claimed, so an aggregate's events go out in order even when one of them waits for a retry.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    IBusControl busControl,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    internal static readonly ActivitySource ActivitySource = new("Clearhours.Messaging");

    private readonly OutboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            return;
        }

        try
        {
            // The service started without waiting for the broker: publishing before the bus is up would only fail
            // and count attempts against every row.
            await busControl.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWaiting = false;
            try
            {
                // Anything sent may have unblocked the next event of its aggregate; with nothing sent, wait.
                moreWaiting = await RelayBatchAsync(stoppingToken) > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogError(error, "The outbox relay failed; it tries again after the poll interval");
            }

            if (!moreWaiting)
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch of due rows; returns how many the broker confirmed.</summary>
    private async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        return await db.WithoutSavepointsAsync(() => RelayBatchAsync(db, cancellationToken));
    }

    private async Task<int> RelayBatchAsync(TDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow();
        // A row waits while an older row of its aggregate is still in the outbox (due or not, locked by another
        // replica or not; unless no queue wants that one) or parked.
        // The ids are claimed first and the rows read by them: no `SELECT *`, whose prepared statement (connections
        // auto-prepare) would fail once a migration added a column.
        var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT m.id AS "Value" FROM outbox_messages m
                WHERE m.next_attempt_at <= {now}
                  AND (m.aggregate_key IS NULL OR (
                      NOT EXISTS (SELECT 1 FROM outbox_messages o
                                  WHERE o.aggregate_key = m.aggregate_key AND o.id < m.id AND NOT o.unroutable)
                      AND NOT EXISTS (SELECT 1 FROM outbox_parked p WHERE p.aggregate_key = m.aggregate_key)))
                ORDER BY m.id
                LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var rows = await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(cancellationToken);

        var errors = await Task.WhenAll(rows.Select(row => TryPublishAsync(row, cancellationToken)));
        for (var i = 0; i < rows.Count; i++)
        {
            if (errors[i] is null)
            {
                db.Remove(rows[i]);
            }
            else
            {
                rows[i].RecordFailure(errors[i]!, time.GetUtcNow());
                if (rows[i].Attempts >= _options.MaxAttempts)
                {
                    GiveUp(db, rows[i]);
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return errors.Count(error => error is null);
    }

    private void GiveUp(TDbContext db, OutboxMessage row)
    {
        db.Remove(row);
        if (row.Unroutable)
        {
            MessagingMetrics.OutboxUnrouted.Add(1, new KeyValuePair<string, object?>("messaging.message.type", row.MessageType));
            logger.LogWarning("Outbox message {MessageId} ({MessageType}) dropped: no queue was bound for it in {Attempts} attempts",
                row.Id, row.MessageType, row.Attempts);
            return;
        }

        db.Add(row.Park(time.GetUtcNow()));
        MessagingMetrics.OutboxParked.Add(1, new KeyValuePair<string, object?>("messaging.message.type", row.MessageType));
        logger.LogError("Outbox message {MessageId} ({MessageType}) parked after {Attempts} attempts: {Error}",
            row.Id, row.MessageType, row.Attempts, row.LastError);
    }

    /// <returns>null when the broker confirmed the message, otherwise the error.</returns>
    private async Task<Exception?> TryPublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row, so one flow reads as one trace.
        using var activity = ActivitySource.StartActivity(
            "outbox publish", ActivityKind.Internal, row.TraceParent ?? default(string));
        if (activity is not null && row.TraceState is not null)
        {
            activity.TraceStateString = row.TraceState;
        }

        try
        {
            var (message, type) = row.Deserialize();
            activity?.SetTag("messaging.message.id", row.Id);
            activity?.SetTag("messaging.message.type", type.FullName);
            activity.SetBusinessIds(message);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            await bus.Publish(message, type, context =>
            {
                context.MessageId = row.Id;
                // Unroutable (no queue bound yet) comes back as a failed publish instead of vanishing.
                if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                {
                    rabbit.Mandatory = true;
                }
            }, timeout.Token);
            return null;
        }
        catch (MessageReturnedException returned) when (!cancellationToken.IsCancellationRequested)
        {
            // No queue is bound for it (yet): an event no service consumes, or a consumer not started. Expected, and
            // frequent (every ReportSent), so one line without the exception's stack, which costs more than the publish.
            activity?.SetStatus(ActivityStatusCode.Error, "unroutable");
            logger.LogDebug("Outbox message {MessageId} ({MessageType}) is unroutable (attempt {Attempt}): {Reason}",
                row.Id, row.MessageType, row.Attempts + 1, returned.Message);
            return returned;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            logger.LogWarning(error, "Publishing outbox message {MessageId} failed (attempt {Attempt})",
                row.Id, row.Attempts + 1);
            return error;
        }
    }
}
