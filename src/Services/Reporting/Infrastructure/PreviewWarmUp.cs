namespace Clearhours.Reporting.Infrastructure;

/// <summary>
/// Warms the preview before the service listens (hosted services start before the server), so the first manager after
/// a start waits no longer than the next one. A failure only costs that first preview its speed: it is logged, not fatal.
/// </summary>
public sealed class PreviewWarmUp(IServiceScopeFactory scopes, TimeProvider time, ILogger<PreviewWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().WarmUpAsync(time, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "The preview's warm-up failed; the first preview will be slower");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
