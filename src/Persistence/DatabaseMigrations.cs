using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearhours.Persistence;

/// <summary>What a service does with its migrations when it starts (configuration <see cref="DatabaseMigrations.Setting"/>).</summary>
public enum MigrationMode
{
    /// <summary>Apply them, then serve: the AppHost and the tests.</summary>
    AtStart,

    /// <summary>Serve without touching the schema: a migration Job ran before the rollout (Kubernetes).</summary>
    Skip,

    /// <summary>Apply them and stop without serving: the migration Job itself.</summary>
    Only,

    /// <summary>
    /// Wait until none is pending and stop without serving: a pod's init container, so a new version serves only once
    /// the migration Job has brought its schema.
    /// </summary>
    Wait,
}

public static class DatabaseMigrations
{
    public const string Setting = "Database:Migrations";

    /// <summary>
    /// The PostgreSQL advisory lock every replica takes around its migrations, so two starting together apply them one
    /// after the other. Advisory locks are scoped to one database, so one key serves every service.
    /// </summary>
    public const long LockKey = 0x436C_6561_7268_6F75; // "Clearhou"

    /// <summary>
    /// Creates the database if needed and applies the service's migrations under <see cref="LockKey"/> before it
    /// starts serving, unless <see cref="Setting"/> says otherwise; retries while the server is still starting.
    /// The caller stops, without serving, when this answers <see cref="MigrationMode.Only"/> or <see cref="MigrationMode.Wait"/>.
    /// </summary>
    public static async Task<MigrationMode> MigrateDatabaseAsync<TDbContext>(this IHost host, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        var mode = host.Services.GetRequiredService<IConfiguration>().GetValue(Setting, MigrationMode.AtStart);
        if (mode == MigrationMode.Skip)
        {
            return mode;
        }

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrations));
        var deadline = DateTime.UtcNow.AddMinutes(2);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
                if (mode == MigrationMode.Wait)
                {
                    await ThrowWhilePendingAsync(db, cancellationToken);
                }
                else
                {
                    await MigrateUnderLockAsync(db, cancellationToken);
                }

                return mode;
            }
            catch (Exception error) when (DateTime.UtcNow < deadline && error is not OperationCanceledException)
            {
                logger.LogWarning("Database not ready for {DbContext} (attempt {Attempt}): {Error}",
                    typeof(TDbContext).Name, attempt, error.Message);
                // Half a second more each time, up to 3 s: a server that boots beside the service is caught soon after.
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(0.5 * attempt, 3)), cancellationToken);
            }
        }
    }

    private static async Task ThrowWhilePendingAsync(DbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"{pending.Count} migrations not applied yet, the last {pending[^1]}; waiting for the migration Job.");
        }
    }

    private static async Task MigrateUnderLockAsync(DbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException error) when (error.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another replica created it at the same moment.
            }
        }

        // The lock belongs to this session, so the migrations run on the same open connection; a replica that dies
        // holding it loses its session and with it the lock.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                // Not the cancellation token: the lock must go back even when the start is cancelled.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
