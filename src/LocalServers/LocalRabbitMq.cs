using System.Globalization;

namespace Clearhours.LocalServers;

public static class LocalRabbitMq
{
    public const string Username = "clearhours";
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static bool IsInstalled => File.Exists(ServerScript) && Unix.Which("erl") is not null;

    /// <summary>
    /// Writes the configuration of a node whose whole state lives in <paramref name="stateDirectory"/> and returns the
    /// command that runs it in the foreground. Does not start it. Safe to call again on the same folder.
    /// </summary>
    public static LocalRabbitMqServer Prepare(string stateDirectory, int amqpPort, int distPort, int managementPort)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(
                $"RabbitMQ not found ({ServerScript} and `erl` on PATH): install it, e.g. `apt-get install rabbitmq-server`.");
        }

        stateDirectory = Path.GetFullPath(stateDirectory);
        var home = Path.Combine(stateDirectory, "home");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(Path.Combine(stateDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(stateDirectory, "log"));
        var password = Unix.ReadOrCreatePassword(Path.Combine(stateDirectory, "password"));

        // default_user only applies when the node boots on an empty database; later boots keep the user it made.
        var configFile = Path.Combine(stateDirectory, "rabbitmq.conf");
        Unix.WritePrivate(configFile, $"""
            default_user = {Username}
            default_pass = {password}
            default_user_tags.administrator = true
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {managementPort.ToString(CultureInfo.InvariantCulture)}
            """);
        var pluginsFile = Path.Combine(stateDirectory, "enabled_plugins");
        File.WriteAllText(pluginsFile, "[rabbitmq_management].\n");

        var environment = new Dictionary<string, string>
        {
            // The Erlang cookie is kept in $HOME.
            ["HOME"] = home,
            // Unique per node: several nodes share one epmd on this machine.
            ["RABBITMQ_NODENAME"] = $"clearhours-{amqpPort.ToString(CultureInfo.InvariantCulture)}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_BASE"] = stateDirectory,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(stateDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(stateDirectory, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(stateDirectory, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(stateDirectory, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            // The script then execs the VM instead of running it as a child it signals: a killed script would
            // leave the VM running. -noshell keeps the VM off stdin; +B i ignores SIGINT as the script otherwise does.
            ["RABBITMQ_ALLOW_INPUT"] = "true",
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-noshell +B i -kernel inet_dist_use_interface {127,0,0,1}",
            // Only matters when this node is the one that starts epmd.
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
        var command = new ServerCommand(ServerScript, [], environment, stateDirectory);
        return new LocalRabbitMqServer(command, amqpPort, managementPort, Username, password);
    }
}

public sealed record LocalRabbitMqServer(ServerCommand Command, int AmqpPort, int ManagementPort, string Username, string Password)
{
    public Uri ManagementUri => new($"http://127.0.0.1:{ManagementPort.ToString(CultureInfo.InvariantCulture)}/");

    public string ConnectionString(string virtualHost = "/") =>
        RabbitMqUris.Amqp("amqp", "127.0.0.1", AmqpPort, Username, Password, virtualHost);
}

public static class RabbitMqUris
{
    public static string Amqp(string scheme, string host, int port, string username, string password, string virtualHost) =>
        $"{scheme}://{Uri.EscapeDataString(username)}:{Uri.EscapeDataString(password)}@{host}:{port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(virtualHost)}";
}
