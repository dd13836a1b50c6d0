using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearhours.Messaging;

/// <summary>
/// What waits in a service's outbox. The backlog is the rows some queue wants: a row the broker returned unroutable
/// (an event no service consumes, such as ReportSent, waiting out its attempts to be dropped) is no backlog, since
/// nobody misses it.
/// </summary>
public sealed record OutboxReading(long Backlog, DateTimeOffset? OldestCreatedAt, long Parked)
{
    public static async Task<OutboxReading> ReadAsync(DbContext db, CancellationToken cancellationToken)
    {
        var backlog = db.Set<OutboxMessage>().Where(m => !m.Unroutable);
        var count = await backlog.LongCountAsync(cancellationToken);
        var oldest = count == 0 ? null : await backlog.MinAsync(m => (DateTimeOffset?)m.CreatedAt, cancellationToken);
        return new OutboxReading(count, oldest, await db.Set<OutboxParkedMessage>().LongCountAsync(cancellationToken));
    }

    /// <remarks>Rows are stamped with the wall clock (<see cref="MessagingModel.AddEvent"/>), so their age is taken by it too.</remarks>
    public TimeSpan OldestAge(DateTimeOffset now) => OldestCreatedAt is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;

    public static string DatabaseOf(DbContext db) => db.Database.GetDbConnection().Database;
}

/// <summary>Reads the outbox for the gauges clearhours.outbox.backlog, .backlog.age and .parked.count.</summary>
public sealed class OutboxMonitor<TDbContext>(IServiceScopeFactory scopes, IOptions<GaugeOptions> options, ILogger<OutboxMonitor<TDbContext>> logger)
    : DatabasePoller<TDbContext>(scopes, options, logger)
    where TDbContext : DbContext
{
    protected override async Task PollAsync(TDbContext db, CancellationToken cancellationToken) =>
        MessagingMetrics.Observe(OutboxReading.DatabaseOf(db), await OutboxReading.ReadAsync(db, cancellationToken));
}

/// <summary>
/// Degraded while the oldest row of the outbox backlog is older than <see cref="OutboxOptions.BacklogDegradedAfter"/>:
/// events the service committed have not reached the services that wait for them.
/// </summary>
public sealed class OutboxBacklogHealthCheck<TDbContext>(TDbContext db, IOptions<OutboxOptions> options) : IHealthCheck
    where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reading = await OutboxReading.ReadAsync(db, cancellationToken);
        MessagingMetrics.Observe(OutboxReading.DatabaseOf(db), reading);
        var age = reading.OldestAge(DateTimeOffset.UtcNow);
        return age <= options.Value.BacklogDegradedAfter
            ? HealthCheckResult.Healthy($"{reading.Backlog} outbox message(s) waiting.")
            : HealthCheckResult.Degraded(
                $"{reading.Backlog} outbox message(s) not published; the oldest for {age.TotalSeconds:F0} s (see the relay's log).");
    }
}
