using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Clearhours.Messaging;

public sealed class GaugeOptions
{
    /// <summary>How often the gauges that count rows in the service's database read them.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Reads the values of gauges from the service's database every <see cref="GaugeOptions.Interval"/> and keeps them,
/// so an exporter's scrape (or several) reads the kept values and never queries the database itself.
/// </summary>
public abstract class DatabasePoller<TDbContext>(IServiceScopeFactory scopes, IOptions<GaugeOptions> options, ILogger logger)
    : BackgroundService
    where TDbContext : DbContext
{
    protected abstract Task PollAsync(TDbContext db, CancellationToken cancellationToken);

    /// <summary>Reads now, outside the schedule.</summary>
    public async Task PollNowAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await PollAsync(scope.ServiceProvider.GetRequiredService<TDbContext>(), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await PollNowAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Reading the gauges of {Poller} failed; it tries again in {Interval}", GetType().Name, options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
