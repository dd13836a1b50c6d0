using Clearhours.Persistence;
using Clearhours.Testing;
using Npgsql;

namespace Clearhours.Messaging.Tests;

/// <summary>The defaults every service's connections get, unless its connection string says otherwise.</summary>
public sealed class ServiceConnectionStringTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_and_no_parallel_workers()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ServiceConnectionString("Host=db;Database=reportingdb;Username=u;Password=p"));

        Assert.Equal((100, 2), (tuned.MaxAutoPrepare, tuned.AutoPrepareMinUsages));
        Assert.Equal(DatabaseExtensions.MaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal("-c max_parallel_workers_per_gather=0", tuned.Options);
        Assert.Equal(("db", "reportingdb", "p"), (tuned.Host, tuned.Database, tuned.Password));
    }

    [Fact]
    public void What_the_connection_string_sets_itself_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ServiceConnectionString(
            "Host=db;Database=reportingdb;Max Auto Prepare=20;Maximum Pool Size=100;Options=-c max_parallel_workers_per_gather=4"));

        Assert.Equal(20, tuned.MaxAutoPrepare);
        Assert.Equal(100, tuned.MaxPoolSize);
        Assert.Equal("-c max_parallel_workers_per_gather=4", tuned.Options);
    }

    [Fact]
    public async Task A_connection_opened_with_it_runs_its_queries_without_parallel_workers()
    {
        var database = await servers.CreateDatabaseAsync("tuned");
        await using var connection = new NpgsqlConnection(DatabaseExtensions.ServiceConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW max_parallel_workers_per_gather", connection);

        Assert.Equal("0", await command.ExecuteScalarAsync());
    }
}
