using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearhours.Messaging;

public sealed class InboxOptions
{
    /// <summary>
    /// How long a processed message id is remembered. A redelivery comes within the redelivery schedule (about half
    /// an hour) and an operator's replay within days, so a month leaves a wide margin.
    /// </summary>
    public double RetentionDays { get; set; } = 30;

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Deletes inbox rows older than the retention, so the table does not grow forever.</summary>
public sealed class InboxPruner<TDbContext>(
    IServiceScopeFactory scopes, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxPruner<TDbContext>> logger)
    : BackgroundService
    where TDbContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, time);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Pruning the inbox failed; it tries again in {Interval}", options.Value.PruneInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        return await db.Set<InboxMessage>().Where(m => m.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
