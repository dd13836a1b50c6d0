using Clearhours.Persistence;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Bench;

/// <summary>
/// A database of the benchmark: a fresh one with the service's migrations applied, dropped when disposed, or the
/// AppHost's, left as it is.
/// Compiled into each benchmark with that service's DbContext.
/// </summary>
internal sealed class BenchDatabase<TDbContext>(string connectionString, Func<Task> drop) : IAsyncDisposable
    where TDbContext : DbContext
{
    public static async Task<BenchDatabase<TDbContext>> CreateAsync(ServersFixture servers, string prefix)
    {
        var connectionString = await servers.CreateDatabaseAsync(prefix);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var database = new BenchDatabase<TDbContext>(connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(servers.PostgresAdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        });
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>The connection string as the service would use it (its prepared statements, its session settings).</summary>
    private readonly string _asTheServiceConnects = DatabaseExtensions.ServiceConnectionString(connectionString);

    public TDbContext NewContext() =>
        (TDbContext)Activator.CreateInstance(typeof(TDbContext), new DbContextOptionsBuilder<TDbContext>().UseNpgsql(_asTheServiceConnects).Options)!;

    /// <summary>A connection with the service's settings: the baselines run under the same ones as what they compare with.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_asTheServiceConnects);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> CountAsync(string table) => (int)await ScalarAsync<long>($"SELECT count(*) FROM {table}");

    public ValueTask DisposeAsync() => new(drop());
}
