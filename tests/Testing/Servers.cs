using System.Collections.Concurrent;
using System.Diagnostics;
using Clearhours.LocalServers;
using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Clearhours.Testing;

/// <summary>The servers of one test process, started once and stopped when the process exits.</summary>
internal sealed class Servers : IDisposable
{
    private const string PostgresImage = "postgres:17-alpine";
    private const string RabbitMqImage = "rabbitmq:4.1-management-alpine";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<Task<Servers>> SharedServers = new(StartAsync);

    private readonly ConcurrentStack<IDisposable> owned = new();
    private readonly string localRoot = Path.Combine(Path.GetTempPath(), "clearhours-tests");
    private readonly string localDirectory;
    private int stopped;

    private Servers()
    {
        localDirectory = Path.Combine(localRoot, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    public static Task<Servers> Shared => SharedServers.Value;

    public string Mode { get; private set; } = "";

    public PostgresEndpoint Postgres { get; private set; } = null!;

    public RabbitMqEndpoint RabbitMq { get; private set; } = null!;

    private static async Task<Servers> StartAsync()
    {
        var servers = new Servers();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Stop();
        try
        {
            servers.DeleteAbandonedStateDirectories();
            var postgresVariable = Environment.GetEnvironmentVariable("TEST_POSTGRES");
            var rabbitMqVariable = Environment.GetEnvironmentVariable("TEST_RABBITMQ");
            var containers = (string.IsNullOrEmpty(postgresVariable) || string.IsNullOrEmpty(rabbitMqVariable))
                && Environment.GetEnvironmentVariable("TEST_SERVERS") != "local"
                && ContainerRuntimeAnswers();

            var postgres = Task.Run(() => servers.StartPostgresAsync(postgresVariable, containers));
            var rabbitMq = Task.Run(() => servers.StartRabbitMqAsync(rabbitMqVariable, containers));
            try
            {
                await Task.WhenAll(postgres, rabbitMq);
            }
            catch (Exception) when (postgres.IsFaulted && rabbitMq.IsFaulted)
            {
                throw new AggregateException(postgres.Exception!.InnerExceptions.Concat(rabbitMq.Exception!.InnerExceptions));
            }

            servers.Postgres = postgres.Result;
            servers.RabbitMq = rabbitMq.Result;
            servers.Mode = $"{postgres.Result.Mode}; {rabbitMq.Result.Mode}";
            servers.DeleteStateDirectoryWhenGone();
            return servers;
        }
        catch
        {
            servers.Stop();
            throw;
        }
    }

    /// <summary>
    /// PostgreSQL alone and not shared, for a program outside the test run: TEST_POSTGRES, or the local binaries with
    /// the production settings (fsync on), so that what it measures is what a service would see.
    /// </summary>
    public static async Task<Servers> StartDurablePostgresAsync()
    {
        var servers = new Servers();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Stop();
        try
        {
            servers.DeleteAbandonedStateDirectories();
            servers.Postgres = await servers.StartPostgresAsync(
                Environment.GetEnvironmentVariable("TEST_POSTGRES"), containers: false, durable: true);
            servers.Mode = servers.Postgres.Mode;
            servers.DeleteStateDirectoryWhenGone();
            return servers;
        }
        catch
        {
            servers.Stop();
            throw;
        }
    }

    public void Dispose() => Stop();

    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            // Null when no Docker-compatible endpoint answers.
            return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static RabbitMqEndpoint FromVariables(string amqp)
    {
        var amqpUri = new Uri(amqp);
        var management = Environment.GetEnvironmentVariable("TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } variable
            ? new Uri(variable)
            : new Uri($"http://{amqpUri.Host}:15672/");
        return new RabbitMqEndpoint(amqpUri, management, "RabbitMQ from TEST_RABBITMQ");
    }

    private async Task<PostgresEndpoint> StartPostgresAsync(string? variable, bool containers, bool durable = false)
    {
        if (!string.IsNullOrEmpty(variable))
        {
            return new PostgresEndpoint(variable, "PostgreSQL from TEST_POSTGRES");
        }

        if (containers)
        {
            try
            {
                return await StartPostgresContainerAsync();
            }
            catch (Exception e) when (LocalPostgres.IsInstalled)
            {
                var local = await StartLocalPostgresAsync();
                return local with { Mode = $"{local.Mode} (Testcontainers failed: {e.Message})" };
            }
        }

        return await StartLocalPostgresAsync(durable);
    }

    private async Task<RabbitMqEndpoint> StartRabbitMqAsync(string? variable, bool containers)
    {
        if (!string.IsNullOrEmpty(variable))
        {
            return FromVariables(variable);
        }

        if (containers)
        {
            try
            {
                return await StartRabbitMqContainerAsync();
            }
            catch (Exception e) when (LocalRabbitMq.IsInstalled)
            {
                return await StartLocalRabbitMqAsync($" (Testcontainers failed: {e.Message})");
            }
        }

        return await StartLocalRabbitMqAsync();
    }

    private async Task<PostgresEndpoint> StartLocalPostgresAsync(bool durable = false)
    {
        if (!LocalPostgres.IsInstalled)
        {
            throw new InvalidOperationException(
                "No PostgreSQL for tests: set TEST_POSTGRES to a connection string, start a Docker-compatible container runtime, "
                + "or install the PostgreSQL server (`apt-get install postgresql`).");
        }

        var port = FreePorts.One();
        var server = LocalPostgres.Prepare(LocalStateDirectory("postgres"), port, forTests: !durable);
        // SIGINT is PostgreSQL's fast shutdown; killed, it would leave shared memory behind.
        var process = Own(ServerProcess.Start("PostgreSQL", server.Command, "INT", cleanStop: true));
        var admin = server.ConnectionString("postgres");
        await process.WaitUntilAnswersAsync(ct => ServerProbe.PostgresAnswersAsync(admin, ct), StartTimeout);
        return new PostgresEndpoint(admin, $"local PostgreSQL on 127.0.0.1:{port}{(durable ? " (fsync on)" : "")}");
    }

    private async Task<RabbitMqEndpoint> StartLocalRabbitMqAsync(string modeNote = "")
    {
        if (!LocalRabbitMq.IsInstalled)
        {
            throw new InvalidOperationException(
                "No RabbitMQ for tests: set TEST_RABBITMQ to an amqp:// connection string, start a Docker-compatible container runtime, "
                + "or install RabbitMQ (`apt-get install rabbitmq-server`).");
        }

        var ports = FreePorts.Take(3);
        var server = LocalRabbitMq.Prepare(LocalStateDirectory("rabbitmq"), ports[0], ports[1], ports[2]);
        // Killed at once: a clean stop takes seconds, hangs once the test host is gone (it logs to a dead pipe),
        // and the state is thrown away anyway.
        var process = Own(ServerProcess.Start("RabbitMQ", server.Command, "KILL", cleanStop: false));
        var endpoint = new RabbitMqEndpoint(
            new Uri(server.ConnectionString()),
            server.ManagementUri,
            $"local RabbitMQ on 127.0.0.1:{server.AmqpPort} (management {server.ManagementPort}){modeNote}");
        await process.WaitUntilAnswersAsync(
            async ct => await ServerProbe.RabbitMqAnswersAsync(server.ConnectionString(), ct) && await endpoint.ManagementAnswersAsync(ct),
            StartTimeout);
        return endpoint;
    }

    private async Task<PostgresEndpoint> StartPostgresContainerAsync()
    {
        var container = new PostgreSqlBuilder(PostgresImage)
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=500")
            .Build();
        Own(new Disposer(() => container.DisposeAsync().AsTask().GetAwaiter().GetResult()));
        await container.StartAsync();
        return new PostgresEndpoint(container.GetConnectionString(), $"Testcontainers {PostgresImage}");
    }

    private async Task<RabbitMqEndpoint> StartRabbitMqContainerAsync()
    {
        const int managementPort = 15672;
        var container = new RabbitMqBuilder(RabbitMqImage).WithPortBinding(managementPort, assignRandomHostPort: true).Build();
        Own(new Disposer(() => container.DisposeAsync().AsTask().GetAwaiter().GetResult()));
        await container.StartAsync();
        var endpoint = new RabbitMqEndpoint(
            new Uri(container.GetConnectionString()),
            new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(managementPort)}/"),
            $"Testcontainers {RabbitMqImage}");
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (!await endpoint.ManagementAnswersAsync(timeout.Token))
        {
            await Task.Delay(200, timeout.Token);
        }

        return endpoint;
    }

    private string LocalStateDirectory(string name) => Directory.CreateDirectory(Path.Combine(localDirectory, name)).FullName;

    /// <summary>
    /// vstest kills the test host 100 ms after the run, before the ProcessExit handler is done, so a detached shell
    /// deletes the state once the host and the servers (which then get their parent-death signal) are gone.
    /// </summary>
    private void DeleteStateDirectoryWhenGone()
    {
        if (!Directory.Exists(localDirectory))
        {
            return;
        }

        var pids = owned.OfType<ServerProcess>().Select(p => p.Id).Prepend(Environment.ProcessId);
        var anyAlive = string.Join(" || ", pids.Select(pid => $"kill -0 {pid} 2>/dev/null"));
        var script = $"while {anyAlive}; do sleep 0.5; done; rm -rf '{localDirectory}'";
        // Redirected so that it holds none of the test host's output pipes open.
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
    }

    /// <summary>Folders left by test processes that were killed before they could clean up.</summary>
    private void DeleteAbandonedStateDirectories()
    {
        if (!Directory.Exists(localRoot))
        {
            return;
        }

        foreach (var directory in Directory.GetDirectories(localRoot))
        {
            if (int.TryParse(Path.GetFileName(directory).Split('-')[0], out var pid) && !IsAlive(pid))
            {
                TryDelete(directory);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still in use or not ours: try again next run.
        }
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        owned.Push(resource);
        return resource;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        Parallel.ForEach(owned, resource =>
        {
            try
            {
                resource.Dispose();
            }
            catch (Exception)
            {
                // Best effort at exit: the parent-death signal and Testcontainers' reaper cover the rest.
            }
        });
        if (Directory.Exists(localDirectory))
        {
            TryDelete(localDirectory);
        }
    }

    private sealed class Disposer(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

internal sealed record PostgresEndpoint(string AdminConnectionString, string Mode);
