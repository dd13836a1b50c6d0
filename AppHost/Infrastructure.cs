using System.Diagnostics;
using Clearhours.LocalServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Clearhours.AppHost;

/// <summary>
/// The PostgreSQL server (one database per service) and the RabbitMQ broker the services share, and what a
/// service must wait for before it starts. A service does not wait for the broker (whose boot is the longest step of a
/// start): it listens at once, and its bus connects when the broker is up. Nor, with the locally installed servers, for
/// PostgreSQL, which boots in seconds: its migrations at start retry until the server answers, so its own start (the
/// runtime, the JIT) overlaps the servers' boot. A container may first be pulled, for minutes: that one is waited for.
/// </summary>
public sealed class Servers(
    Func<string, IResourceBuilder<IResourceWithConnectionString>> addDatabase,
    IResourceBuilder<IResourceWithConnectionString> messaging,
    IReadOnlyList<IResourceBuilder<IResource>> startFirst,
    Func<Uri?> managementApi)
{
    public IResourceBuilder<IResourceWithConnectionString> Messaging { get; } = messaging;

    /// <summary>RabbitMQ's management HTTP API, where the AppHost runs the broker; null for a given broker.</summary>
    public Func<Uri?> ManagementApi { get; } = managementApi;

    public IReadOnlyList<IResourceBuilder<IResource>> StartFirst { get; } = startFirst;

    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name) => addDatabase(name);
}

public static class Infrastructure
{
    /// <summary>
    /// Infrastructure:Mode picks where the servers come from: "external" (ConnectionStrings:postgres and
    /// ConnectionStrings:messaging), "containers", "local" (the installed binaries), or "auto" (that order).
    /// </summary>
    public static Servers AddServers(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration["Infrastructure:Mode"] ?? "auto";
        var given = builder.Configuration.GetConnectionString("postgres") is not null
            && builder.Configuration.GetConnectionString("messaging") is not null;

        return mode.ToLowerInvariant() switch
        {
            "external" => AddExternalServers(builder),
            "containers" => AddContainers(builder),
            "local" => AddLocalServers(builder),
            "auto" when given => AddExternalServers(builder),
            "auto" when ContainerRuntimeAnswers() => AddContainers(builder),
            "auto" when LocalPostgres.IsInstalled && LocalRabbitMq.IsInstalled => AddLocalServers(builder),
            "auto" => throw new InvalidOperationException(
                "Clearhours needs PostgreSQL and RabbitMQ, and found none: no container runtime answers (`docker info`), " +
                "and the local binaries are missing. Install them (Debian: `apt-get install postgresql rabbitmq-server`), " +
                "start Docker or Podman, or give ConnectionStrings:postgres and ConnectionStrings:messaging."),
            _ => throw new InvalidOperationException(
                $"Infrastructure:Mode is '{mode}'; use auto, containers, local or external."),
        };
    }

    /// <summary>References the service's database and the broker, waits for what must start first, and probes the service's /health.</summary>
    public static IResourceBuilder<ProjectResource> WithServers(
        this IResourceBuilder<ProjectResource> service, Servers servers, IResourceBuilder<IResourceWithConnectionString> database)
    {
        service.WithReference(database).WithReference(servers.Messaging).WithHealthReport("/health"); // shows Degraded too
        foreach (var server in servers.StartFirst)
        {
            service.WaitFor(server);
        }

        return service;
    }

    private static Servers AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        var messaging = builder.AddRabbitMQ("messaging").WithDataVolume().WithManagementPlugin();
        return new Servers(
            name => postgres.AddDatabase(name),
            messaging,
            [postgres],
            () => new Uri(messaging.GetEndpoint("management").Url));
    }

    private static Servers AddExternalServers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("postgres")
            ?? throw new InvalidOperationException("Infrastructure:Mode is external but ConnectionStrings:postgres is not set.");
        if (builder.Configuration.GetConnectionString("messaging") is null)
        {
            throw new InvalidOperationException("Infrastructure:Mode is external but ConnectionStrings:messaging is not set.");
        }

        var messaging = builder.AddConnectionString("messaging");
        return new Servers(
            name => builder.AddConnectionString(name, ReferenceExpression.Create(
                $"{new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString}")),
            messaging,
            [],
            () => null);
    }

    private static Servers AddLocalServers(IDistributedApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Infrastructure:LocalServers");
        var state = Path.GetFullPath(settings["StateDirectory"] ?? "../.state", builder.AppHostDirectory);

        var postgresServer = LocalPostgres.Prepare(
            Path.Combine(state, "postgres"), Port(settings, "PostgresPort", 55432));
        var postgres = builder.AddLocalServer("postgres", postgresServer.Command, postgresServer.ConnectionString("postgres"),
            cancellationToken => ServerProbe.PostgresAnswersAsync(postgresServer.ConnectionString("postgres"), cancellationToken));

        var managementPort = Port(settings, "RabbitMqManagementPort", 55674);
        var rabbitServer = LocalRabbitMq.Prepare(
            Path.Combine(state, "rabbitmq"),
            Port(settings, "RabbitMqPort", 55672),
            Port(settings, "RabbitMqDistributionPort", 55673),
            managementPort);
        var messaging = builder.AddLocalServer("messaging", rabbitServer.Command, rabbitServer.ConnectionString(),
            cancellationToken => ServerProbe.RabbitMqAnswersAsync(rabbitServer.ConnectionString(), cancellationToken));

        // Each service creates its own database when it applies its migrations.
        return new Servers(
            name => builder.AddConnectionString(name, ReferenceExpression.Create($"{postgresServer.ConnectionString(name)}")),
            messaging,
            [],
            () => new Uri($"http://127.0.0.1:{managementPort}"));
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddLocalServer(
        this IDistributedApplicationBuilder builder, string name, ServerCommand command, string connectionString,
        Func<CancellationToken, Task<bool>> answers)
    {
        var healthCheck = $"{name}-answers";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
            await answers(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"{name} does not answer yet"));

        var server = builder.AddResource(new LocalServerResource(name, command.FileName, command.WorkingDirectory, connectionString))
            .WithArgs([.. command.Arguments])
            .WithHealthCheck(healthCheck);
        foreach (var (key, value) in command.Environment)
        {
            server.WithEnvironment(key, value);
        }

        return server;
    }

    /// <summary>A configured port, or a free one when it is 0 (tests run beside a developer's own servers).</summary>
    private static int Port(IConfiguration settings, string key, int defaultPort)
    {
        var port = settings.GetValue(key, defaultPort);
        return port == 0 ? FreePorts.One() : port;
    }

    private static bool ContainerRuntimeAnswers()
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                });
                if (process is null)
                {
                    continue;
                }

                if (process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0)
                {
                    return true;
                }

                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }

        return false;
    }
}

/// <summary>A locally installed server run by the AppHost that services reach through its connection string.</summary>
public sealed class LocalServerResource(string name, string command, string workingDirectory, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}
