namespace Clearhours.Reporting.Infrastructure;

/// <summary>
/// Warms the preview before the service listens (hosted services start before the server; the migrations ran before
/// both), so the first manager after a start waits no longer than the next one. A failure or a database that does not
/// answer within <see cref="Patience"/> only costs that first preview its speed: logged, never fatal.
/// </summary>
public sealed class PreviewWarmUp(IServiceScopeFactory scopes, ILogger<PreviewWarmUp> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var warmed = await scope.ServiceProvider.GetRequiredService<ReportingDbContext>().WarmUpAsync(patience.Token);
            logger.LogInformation("Preview warmed on client {CompanyId}, {From}–{To}, in {Milliseconds} ms",
                warmed?.CompanyId, warmed?.From, warmed?.To, clock.ElapsedMilliseconds);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(error, "The preview's warm-up failed; the first preview after this start will be slower");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
