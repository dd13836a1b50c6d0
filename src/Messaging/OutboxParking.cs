using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Clearhours.Messaging;

/// <summary>
/// An outbox row the relay gave up on after <see cref="OutboxOptions.MaxAttempts"/> (it could not be sent or read):
/// kept with its last error until an operator retries it. Later events of the same aggregate wait behind it.
/// </summary>
public sealed class OutboxParkedMessage
{
    public Guid Id { get; init; }
    public string MessageType { get; init; } = "";
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }
    public string? AggregateKey { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset ParkedAt { get; init; }
}

public static class OutboxParking
{
    /// <summary>
    /// Moves parked rows back into the outbox with fresh attempts, so the relay sends them (and the events of their
    /// aggregates waiting behind them) again. The same statement can be run with psql: see docs/decisions/0001.
    /// </summary>
    /// <returns>How many rows went back.</returns>
    public static Task<int> RetryAsync(DbContext db, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlRawAsync(RetrySql, cancellationToken);

    public const string RetrySql = """
        WITH moved AS (DELETE FROM outbox_parked RETURNING *)
        INSERT INTO outbox_messages (id, message_type, body, created_at, trace_parent, trace_state, aggregate_key,
                                     attempts, next_attempt_at, last_error, unroutable)
        SELECT id, message_type, body, created_at, trace_parent, trace_state, aggregate_key, 0, now(), last_error, false
        FROM moved
        """;
}

/// <summary>Degraded while parked outbox rows wait for an operator: the events in them have not reached anyone.</summary>
public sealed class OutboxParkedHealthCheck<TDbContext>(TDbContext db) : IHealthCheck where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parked = await db.Set<OutboxParkedMessage>().CountAsync(cancellationToken);
        return parked == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{parked} outbox message(s) parked: see the outbox_parked table and OutboxParking.RetryAsync.");
    }
}
