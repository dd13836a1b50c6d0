using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearhours.Persistence;

public static class DatabaseMigrations
{
    /// <summary>
    /// Creates the database if needed and applies the service's migrations before it starts serving;
    /// retries while the server is still starting.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this IHost host, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception error) when (DateTime.UtcNow < deadline && error is not OperationCanceledException)
            {
                logger.LogWarning("Database not ready for {DbContext} (attempt {Attempt}): {Error}",
                    typeof(TDbContext).Name, attempt, error.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }
}
