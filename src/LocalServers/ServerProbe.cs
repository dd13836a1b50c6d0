using Npgsql;
using RabbitMQ.Client;

namespace Clearhours.LocalServers;

public static class ServerProbe
{
    public static async Task<bool> PostgresAnswersAsync(string connectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task<bool> RabbitMqAnswersAsync(string amqpConnectionString, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(amqpConnectionString),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        try
        {
            await using var connection = await factory.CreateConnectionAsync(ct);
            await connection.CloseAsync(ct);
            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
