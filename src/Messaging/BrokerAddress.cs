using RabbitMQ.Client;

namespace Clearhours.Messaging;

/// <summary>
/// The parts of an amqp:// or amqps:// connection string that MassTransit's host and RabbitMQ.Client need.
/// amqps means TLS, on 5671 unless the string names a port.
/// </summary>
public sealed record BrokerAddress(string Host, ushort Port, string VirtualHost, string Username, string Password, bool UseTls = false)
{
    public static BrokerAddress Parse(string connectionString)
    {
        var uri = new Uri(connectionString);
        var useTls = uri.Scheme switch
        {
            "amqp" => false,
            "amqps" => true,
            _ => throw new ArgumentException($"A broker address is amqp:// or amqps://, not {uri.Scheme}://.", nameof(connectionString)),
        };
        var credentials = uri.UserInfo.Split(':', 2);
        var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return new BrokerAddress(
            uri.Host,
            (ushort)(uri.IsDefaultPort || uri.Port < 0 ? (useTls ? 5671 : 5672) : uri.Port),
            virtualHost.Length == 0 ? "/" : virtualHost,
            credentials.Length > 0 && credentials[0].Length > 0 ? Uri.UnescapeDataString(credentials[0]) : "guest",
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "guest",
            useTls);
    }

    /// <summary>For what MassTransit does not do: delay queues, error-queue depth and replay.</summary>
    public ConnectionFactory CreateConnectionFactory() => new()
    {
        HostName = Host,
        Port = Port,
        VirtualHost = VirtualHost,
        UserName = Username,
        Password = Password,
        Ssl = new SslOption { Enabled = UseTls, ServerName = Host },
        ClientProvidedName = "clearhours-messaging",
    };

    public override string ToString() => $"{(UseTls ? "amqps" : "amqp")}://{Host}:{Port}/{VirtualHost}";
}
