using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Clearhours.LocalServers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// A system of its own for the fault tests, which kill its services: never shared with the other end-to-end tests.
/// Not run in parallel with another collection, so xunit runs it alone, after the others stopped their system.
/// </summary>
[CollectionDefinition(nameof(FaultCollection), DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultSystemFixture>;

/// <summary>The whole system as <see cref="SystemFixture"/> starts it, with the means to kill and restart a service.</summary>
public class FaultSystemFixture : SystemFixture
{
    public static readonly string[] Databases = ["tasksdb", "reportingdb", "billingdb", "documentsdb"];

    /// <summary>Fixed before the start, so the tests can read the queues through RabbitMQ's management API.</summary>
    private readonly int _managementPort = FreePorts.One();

    protected override int RabbitMqManagementPort => _managementPort;

    /// <summary>The AppHost's failed health probes of a service killed on purpose are expected, and many: not logged.</summary>
    protected override void ConfigureLogging(ILoggingBuilder logging) =>
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"The AppHost gives no connection string for {resource}.");

    /// <summary>
    /// The database's connection string without pooling: a pooled connection would outlive a database restart and
    /// fail the test's next query with "terminating connection due to administrator command".
    /// </summary>
    public async Task<string> UnpooledAsync(string database) =>
        new NpgsqlConnectionStringBuilder(await ConnectionStringAsync(database)) { Pooling = false }.ConnectionString;

    /// <summary>The resource's current snapshot as the AppHost last published it.</summary>
    public CustomResourceSnapshot Snapshot(string resource) =>
        App.ResourceNotifications.TryGetCurrentState(resource, out var current)
            ? current.Snapshot
            : throw new InvalidOperationException($"The AppHost knows no resource {resource}.");

    /// <summary>The id of the process DCP started for the resource (its "executable.pid" property), or null while none runs.</summary>
    public static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    /// <summary>
    /// SIGKILL to the resource's process and everything it started (a <c>dotnet run</c> would leave its child
    /// running otherwise), then waits until the AppHost sees it gone. Returns the pid killed.
    /// </summary>
    public async Task<int> KillAsync(string resource, TimeSpan within)
    {
        var snapshot = Snapshot(resource);
        var pid = Pid(snapshot) ?? throw new InvalidOperationException(
            $"{resource} has no executable.pid (state {snapshot.State?.Text}); properties: {string.Join(", ", snapshot.Properties.Select(p => p.Name))}");
        using (var process = Process.GetProcessById(pid))
        {
            // On Unix, Process.Kill sends SIGKILL: the same as kill -9, no shutdown hooks run.
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(within);
        try
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text is { } state && state != KnownResourceStates.Running && state != KnownResourceStates.Starting
                     || Pid(e.Snapshot) is { } now && now != pid,
                timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost still showed {resource} running as pid {pid} {within.TotalSeconds} s after kill -9 ({Snapshot(resource).State?.Text}).");
        }

        return pid;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (a name kill(1) knows, such as INT or TERM) to the resource's own process and
    /// waits until the AppHost sees it gone: a server stopped the way an operator stops it. Returns the pid stopped.
    /// </summary>
    public async Task<int> StopAsync(string resource, string signal, TimeSpan within)
    {
        var snapshot = Snapshot(resource);
        var pid = Pid(snapshot) ?? throw new InvalidOperationException($"{resource} has no executable.pid (state {snapshot.State?.Text}).");
        Signal(signal, [pid]);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text is { } state && state != KnownResourceStates.Running && state != KnownResourceStates.Starting,
                timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{resource} (pid {pid}) still ran {within.TotalSeconds} s after SIG{signal} ({Snapshot(resource).State?.Text}).");
        }

        return pid;
    }

    /// <summary>The resource's process and every process it started (DCP runs a project as <c>dotnet run</c>).</summary>
    public IReadOnlyList<int> ProcessTree(string resource)
    {
        var root = Pid(Snapshot(resource)) ?? throw new InvalidOperationException($"{resource} has no executable.pid.");
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its ')'.
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                }
                catch (IOException)
                {
                    // The process ended while the table was read.
                }
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    /// <summary>kill -<paramref name="signal"/> to each process; one already gone is no error.</summary>
    public static void Signal(string signal, IEnumerable<int> pids)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", .. pids.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))])
        {
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
    }

    /// <summary>Starts a stopped resource with the AppHost's own command and waits until a new process of it is Healthy.</summary>
    public async Task<TimeSpan> StartAgainAsync(string resource, int killedPid, TimeSpan within)
    {
        var started = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(within);
        ExecuteCommandResult result;
        // Right after the exit the resource may not accept "start" yet: retry until it does.
        while (true)
        {
            result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
            if (result.Success)
            {
                break;
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{resource} refused to start within {within.TotalSeconds} s: {result.Message} ({Snapshot(resource).State?.Text})");
            }

            await Task.Delay(500, CancellationToken.None);
        }

        try
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e.Snapshot) is { } pid && pid != killedPid
                     && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var now = Snapshot(resource);
            throw new TimeoutException(
                $"{resource} was not Healthy again within {within.TotalSeconds} s of its start: state {now.State?.Text}, pid {Pid(now)}, health {now.HealthStatus}");
        }

        return started.Elapsed;
    }

    /// <summary>Payments of a burst's run Billing stored, read from its database (it answers while Billing is down).</summary>
    public Task<long> AppliedPaymentsAsync(string run) =>
        ScalarAsync("billingdb", $"SELECT count(*) FROM payments WHERE source = '{PaymentBurst.Source}' AND external_id LIKE '{run}-%'");

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {within.TotalSeconds} s: {what}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The service's /health answer, polled until it is <paramref name="awaited"/> or <paramref name="within"/> has passed.</summary>
    public async Task<string> HealthAsync(string service, string awaited, TimeSpan within)
    {
        using var client = App.CreateHttpClient(service, "http");
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            string last;
            try
            {
                using var response = await client.GetAsync("/health");
                last = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException error)
            {
                last = $"no answer: {error.Message}";
            }

            if (last == awaited || DateTime.UtcNow > deadline)
            {
                return last;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// The resource's health as the AppHost's dashboard shows it, polled until it is <paramref name="awaited"/> or
    /// <paramref name="within"/> has passed; null while the AppHost has not checked it yet.
    /// </summary>
    public async Task<HealthStatus?> DashboardHealthAsync(string resource, HealthStatus awaited, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Snapshot(resource).HealthStatus is var shown && shown != awaited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        return Snapshot(resource).HealthStatus;
    }

    public async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(await UnpooledAsync(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>
    /// Each service's outbox: rows some queue wants that still wait (<c>Waiting</c>), rows no queue is bound for
    /// (<c>Unroutable</c>, by message type: an event no service consumes waits out its attempts and is dropped, see
    /// docs/decisions/0001-outbox-and-inbox.md), and rows the relay gave up on (<c>Parked</c>).
    /// </summary>
    public async Task<Outboxes> OutboxesAsync()
    {
        long waiting = 0, parked = 0;
        var unroutable = new Dictionary<string, long>();
        var parts = new List<string>();
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await UnpooledAsync(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT message_type, unroutable, count(*) FROM outbox_messages GROUP BY message_type, unroutable", connection);
            long w = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    if (reader.GetBoolean(1))
                    {
                        var type = reader.GetString(0);
                        unroutable[type] = unroutable.GetValueOrDefault(type) + reader.GetInt64(2);
                    }
                    else
                    {
                        w += reader.GetInt64(2);
                    }
                }
            }

            await using var parkedCommand = new NpgsqlCommand("SELECT count(*) FROM outbox_parked", connection);
            var p = Convert.ToInt64(await parkedCommand.ExecuteScalarAsync());
            waiting += w;
            parked += p;
            parts.Add($"{database} {w} waiting/{p} parked");
        }

        return new Outboxes(waiting, parked, unroutable, string.Join(", ", parts));
    }

    /// <summary>Every "_error" queue on the broker and the messages in it.</summary>
    public Task<IReadOnlyDictionary<string, uint>> ErrorQueuesAsync() =>
        QueueDepthsAsync(name => name.EndsWith("_error", StringComparison.Ordinal));

    /// <summary>
    /// The queues on the broker whose name <paramref name="wanted"/> accepts, and the messages ready in each: the names
    /// from the management API, the depths from a passive declare (the management figures lag by seconds).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, uint>> QueueDepthsAsync(Func<string, bool> wanted)
    {
        var broker = new Uri(await ConnectionStringAsync("messaging"));
        var user = broker.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}"), Timeout = TimeSpan.FromSeconds(30) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user[0]}:{user[1]}")));
        var queues = await management.GetFromJsonAsync<JsonElement>("/api/queues?columns=name");
        var names = queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).Where(wanted).ToList();

        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        var depths = new Dictionary<string, uint>();
        foreach (var name in names)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                depths[name] = (await channel.QueueDeclarePassiveAsync(name)).MessageCount;
            }
            catch (OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == 404)
            {
                depths[name] = 0;
            }
        }

        return depths;
    }
}

public sealed record Outboxes(long Waiting, long Parked, IReadOnlyDictionary<string, long> Unroutable, string ByDatabase);
