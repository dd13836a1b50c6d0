using Npgsql;
using Xunit;

namespace Clearhours.Testing;

/// <summary>
/// Real PostgreSQL and RabbitMQ for tests. Every instance shares one pair of servers per test process: they start on
/// the first <see cref="InitializeAsync"/> and stop when the process exits. Use it as a class fixture and give each
/// test class its own databases and virtual hosts:
/// <code>
/// public sealed class OrderTests(ServersFixture servers) : IClassFixture&lt;ServersFixture&gt;, IAsyncLifetime
/// {
///     private string database = "";
///     public async Task InitializeAsync() => database = await servers.CreateDatabaseAsync("orders");
///     public Task DisposeAsync() => Task.CompletedTask;
/// }
/// </code>
/// Where the servers come from, in order: TEST_POSTGRES / TEST_RABBITMQ (+ TEST_RABBITMQ_MANAGEMENT) connection strings;
/// Testcontainers when a container runtime answers (TEST_SERVERS=local skips it); the locally installed binaries.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime, IDisposable
{
    private Servers? servers;
    private bool ownsServers;

    /// <summary>
    /// For a program outside the test run (the benchmarks): PostgreSQL alone, not shared, from TEST_POSTGRES or the
    /// local binaries with the production settings (fsync on); stopped when disposed.
    /// </summary>
    public static async Task<ServersFixture> StartDurablePostgresAsync() =>
        new() { servers = await Servers.StartDurablePostgresAsync(), ownsServers = true };

    /// <summary>Where the servers come from, for logs.</summary>
    public string Mode => Started.Mode;

    /// <summary>A superuser connection to the `postgres` database.</summary>
    public string PostgresAdminConnectionString => Started.Postgres.AdminConnectionString;

    /// <summary>AMQP connection string for the virtual host "/".</summary>
    public string RabbitMqConnectionString => Started.RabbitMq.ConnectionString("/");

    public Uri RabbitMqManagementUri => Started.RabbitMq.ManagementUri;

    private Servers Started => servers ?? throw new InvalidOperationException($"{nameof(ServersFixture)} is not initialized yet.");

    public async Task InitializeAsync() => servers = await Servers.Shared;

    /// <summary>Nothing to do: the shared servers live until the test process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        if (ownsServers)
        {
            servers?.Dispose();
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? prefix = null)
    {
        var name = UniqueName(prefix, '_');
        await using var connection = new NpgsqlConnection(PostgresAdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Creates an empty virtual host with a unique name and returns the AMQP connection string for it.</summary>
    public async Task<string> CreateVirtualHostAsync(string? prefix = null)
    {
        var name = UniqueName(prefix, '-');
        await Started.RabbitMq.CreateVirtualHostAsync(name);
        return Started.RabbitMq.ConnectionString(name);
    }

    private static string UniqueName(string? prefix, char separator)
    {
        var clean = new string((prefix ?? "test").ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        return $"{(clean.Length > 0 ? clean : "test")}{separator}{Guid.NewGuid().ToString("N")[..12]}";
    }
}
