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
}

/// <summary>
/// Publishes committed outbox rows to the broker. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
/// replicas share the work; nothing is remembered between batches, so a row that commits late is simply
/// found by the next one. A row is deleted only after the broker confirmed it.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
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

        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWaiting = false;
            try
            {
                // A full batch that all went out means more rows may be due; after any failure, back off.
                moreWaiting = await RelayBatchAsync(stoppingToken) == _options.BatchSize;
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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var now = time.GetUtcNow();
        var rows = await db.Set<OutboxMessage>()
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE next_attempt_at <= {now}
                ORDER BY id
                LIMIT {_options.BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

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
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return errors.Count(error => error is null);
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

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            await bus.Publish(message, type, context => context.MessageId = row.Id, timeout.Token);
            return null;
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
