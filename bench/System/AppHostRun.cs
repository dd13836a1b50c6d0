using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Clearhours.LocalServers;

namespace Clearhours.Bench.System;

/// <summary>The ports of one system: fixed for its state folder, since RabbitMQ names its node (and data) by its port.</summary>
internal sealed record SystemPorts(int Postgres, int RabbitMq, int RabbitMqDistribution, int RabbitMqManagement, int Gateway)
{
    public static SystemPorts Free()
    {
        var ports = FreePorts.Take(5);
        return new(ports[0], ports[1], ports[2], ports[3], ports[4]);
    }
}

/// <summary>
/// `dotnet run --project AppHost -c Release --no-build`, the README's command, as a child process on servers of its own
/// (a state folder and ports given on the command line), and every process it led to: DCP starts the services detached,
/// so they are found by their command lines (this checkout's builds, the state folder) and by DCP's, not by ancestry.
/// </summary>
internal sealed class AppHostRun
{
    private readonly string _root;
    private readonly string _state;
    private readonly Process _dotnetRun;
    private readonly Queue<string> _output = new();

    /// <summary>Every process of this run seen so far, with its command line (a reused pid has another).</summary>
    private readonly Dictionary<int, string> _ours = [];

    private int? _appHost;

    private AppHostRun(string root, string state, SystemPorts ports, Process dotnetRun)
    {
        _root = root;
        _state = state;
        Ports = ports;
        _dotnetRun = dotnetRun;
        Gateway = new Uri($"http://localhost:{ports.Gateway}");
    }

    public SystemPorts Ports { get; }

    public Uri Gateway { get; }

    /// <summary>From the moment `dotnet run` was started.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>What <see cref="CpuSeconds"/> said when every deployable had answered through the gateway.</summary>
    public IReadOnlyDictionary<string, double> CpuWhenAnswering { get; private set; } = new Dictionary<string, double>();

    /// <summary>An admin's bearer token (admin passes every policy), taken from the gateway once it answers.</summary>
    public string? Token { get; private set; }

    public static AppHostRun Start(string root, string state, SystemPorts ports)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])
                 ["run", "--project", "AppHost", "-c", "Release", "--no-build", "--",
                  $"--Infrastructure:LocalServers:StateDirectory={state}",
                  $"--Infrastructure:LocalServers:PostgresPort={ports.Postgres}",
                  $"--Infrastructure:LocalServers:RabbitMqPort={ports.RabbitMq}",
                  $"--Infrastructure:LocalServers:RabbitMqDistributionPort={ports.RabbitMqDistribution}",
                  $"--Infrastructure:LocalServers:RabbitMqManagementPort={ports.RabbitMqManagement}",
                  $"--Gateway:Port={ports.Gateway}"])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var run = new AppHostRun(root, state, ports, process);
        process.OutputDataReceived += (_, line) => run.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => run.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>
    /// Asks each deployable every 100 ms, each on its own, until every one answers through the gateway, and notes when
    /// each step of the start was first seen (the timeline); throws after <paramref name="limit"/> or when `dotnet run`
    /// ends.
    /// </summary>
    public async Task<IReadOnlyList<(string Step, double Seconds)>> WaitUntilAnsweringAsync(TimeSpan limit)
    {
        var timeline = new List<(string Step, double Seconds)>();
        void Note(string step)
        {
            lock (timeline)
            {
                if (timeline.All(seen => seen.Step != step))
                {
                    timeline.Add((step, Clock.Elapsed.TotalSeconds));
                }
            }
        }

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = Gateway,
            Timeout = Timeout.InfiniteTimeSpan, // each probe has its own (see UntilAsync)
        };
        using var giveUp = new CancellationTokenSource(limit - Clock.Elapsed);
        var watching = WatchAsync(Note, giveUp);
        try
        {
            Token = await UntilAsync(cancellationToken => TakeTokenAsync(http, cancellationToken), giveUp.Token);
            Note("Gateway gives a token");
            await Task.WhenAll(Deployable.All.Select(async deployable =>
            {
                await UntilAsync(async cancellationToken => await AnswersAsync(http, deployable.Probe, cancellationToken) ? "" : null, giveUp.Token);
                Note($"{deployable.Name} answers through the gateway");
            }));
            CpuWhenAnswering = CpuSeconds();
            // A service answers before its bus has connected (it does not wait for RabbitMQ at start): its own /health
            // answers 200 (Healthy, or Degraded) once it has. Noted in the timeline; the start's figure is the answers above.
            await Task.WhenAll(Deployable.All.Select(async deployable =>
            {
                await UntilAsync(async cancellationToken => await HealthyAsync(http, deployable, cancellationToken) ? "" : null, giveUp.Token);
                Note($"{deployable.Name}'s /health answers 200 (its bus connected)");
            }));
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"After {Clock.Elapsed.TotalSeconds:0} s: {string.Join(", ", timeline.Select(t => $"{t.Step} at {t.Seconds:0.0} s"))}; `dotnet run` " +
                $"{(_dotnetRun.HasExited ? $"exited with {_dotnetRun.ExitCode}" : "still runs")}. Its last output:\n{LastOutput()}");
        }
        finally
        {
            await giveUp.CancelAsync();
            await watching;
        }

        return timeline;
    }

    /// <summary>Every 100 ms: which processes and servers are up; gives up the start when `dotnet run` ended.</summary>
    private async Task WatchAsync(Action<string> note, CancellationTokenSource giveUp)
    {
        while (!giveUp.IsCancellationRequested)
        {
            if (_dotnetRun.HasExited)
            {
                await giveUp.CancelAsync();
                return;
            }

            Track();
            if (FindAppHost() is not null)
            {
                note("AppHost process started");
            }

            if (await AcceptsAsync(Ports.Postgres))
            {
                note("PostgreSQL accepts connections");
            }

            if (await AcceptsAsync(Ports.RabbitMq))
            {
                note("RabbitMQ accepts connections");
            }

            foreach (var deployable in Deployable.All)
            {
                if (Find(deployable) is { } pid)
                {
                    note($"{deployable.Name} process started");
                    if (Processes.ListeningPorts(pid).Count > 0)
                    {
                        note($"{deployable.Name} listens");
                    }
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>Asks every 100 ms until the answer is not null; a probe that takes over 30 s is asked again.</summary>
    private static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> probe, CancellationToken giveUp) where T : class
    {
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(giveUp);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                if (await probe(timeout.Token) is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception error) when (error is HttpRequestException || (error is OperationCanceledException && !giveUp.IsCancellationRequested))
            {
                // Not there yet, or slow: ask again.
            }

            await Task.Delay(100, giveUp);
        }
    }

    /// <summary>The pid of the deployable's own process (not the `dotnet run` before it), or null before it started.</summary>
    public int? Find(Deployable deployable) =>
        Processes.All().Cast<int?>().FirstOrDefault(pid => deployable.IsRunBy(Processes.CommandLine(pid!.Value), _root));

    /// <summary>
    /// The CPU seconds each part of this run has used so far: each deployable by name, the rest by kind (the AppHost,
    /// DCP, the dashboard, PostgreSQL, RabbitMQ). Taken when every deployable answers, it says where a start's time goes
    /// when everything starts at once on few cores.
    /// </summary>
    public IReadOnlyDictionary<string, double> CpuSeconds()
    {
        Track();
        var deployables = Deployable.All.Select(d => (d.Name, Pid: Find(d))).Where(d => d.Pid is not null).ToDictionary(d => d.Pid!.Value, d => d.Name);
        return _ours.Keys.Where(Processes.IsAlive)
            .GroupBy(pid => deployables.GetValueOrDefault(pid) ?? Kind(Processes.CommandLine(pid)))
            .ToDictionary(group => group.Key, group => group.Sum(Processes.CpuSeconds));
    }

    /// <summary>Resident sizes of the processes that are not a deployable: the AppHost, DCP, the dashboard, the `dotnet run`s, the servers.</summary>
    public IReadOnlyDictionary<string, double> OtherResidentMb()
    {
        Track();
        var deployables = Deployable.All.Select(Find).OfType<int>().ToHashSet();
        return _ours.Keys.Where(pid => !deployables.Contains(pid) && Processes.IsAlive(pid))
            .GroupBy(pid => Kind(Processes.CommandLine(pid)))
            .ToDictionary(group => group.Key, group => group.Sum(Processes.ResidentMb));
    }

    /// <summary>
    /// Stops the AppHost as a service manager does (SIGTERM, which it handles as Ctrl+C: it stops what DCP runs; a
    /// SIGINT is ignored when the bench itself was started in the background), waits up to 30 s, then kills whatever of
    /// this run is left: `dotnet run`s, services, DCP, the dashboard, PostgreSQL and RabbitMQ. Returns how long it took.
    /// </summary>
    public async Task<(double Seconds, int Killed)> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        Track();
        if (FindAppHost() is { } appHost)
        {
            Processes.Signal(appHost, Processes.SigTerm);
        }
        else
        {
            Processes.Signal(_dotnetRun.Id, Processes.SigTerm);
        }

        var deadline = TimeSpan.FromSeconds(30);
        while (clock.Elapsed < deadline && Alive().Any())
        {
            await Task.Delay(200);
            Track();
        }

        var left = Alive().ToList();
        foreach (var pid in left)
        {
            Processes.Signal(pid, Processes.SigKill);
        }

        await _dotnetRun.WaitForExitAsync();
        return (clock.Elapsed.TotalSeconds, left.Count);
    }

    /// <summary>
    /// Adds the processes of this run: descendants of `dotnet run` and of DCP, and processes whose command line names
    /// this checkout's AppHost or deployables (their program or their `dotnet run`) or the run's state folder. epmd is
    /// never ours: RabbitMQ nodes on this machine share it.
    /// </summary>
    private void Track()
    {
        var parents = new Dictionary<int, int>();
        foreach (var pid in Processes.All())
        {
            var commandLine = Processes.CommandLine(pid);
            if (commandLine.Length == 0 || commandLine.Any(argument => argument.EndsWith("epmd", StringComparison.Ordinal)))
            {
                continue;
            }

            parents[pid] = Processes.Parent(pid);
            var text = string.Join(' ', commandLine);
            if (pid == _dotnetRun.Id || IsMarked(text))
            {
                _ours.TryAdd(pid, text);
            }
        }

        // Children of ours, to any depth (DCP's controller and the dashboard it starts, PostgreSQL's workers).
        for (var added = true; added;)
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (!_ours.ContainsKey(pid) && _ours.ContainsKey(parent) && Processes.CommandLine(pid) is { Length: > 0 } commandLine)
                {
                    _ours[pid] = string.Join(' ', commandLine);
                    added = true;
                }
            }
        }
    }

    private bool IsMarked(string commandLine) =>
        commandLine.Contains(_state, StringComparison.Ordinal)
        || commandLine.Contains($"{_root}/AppHost/", StringComparison.Ordinal)
        || Deployable.All.Any(d => commandLine.Contains($"{_root}/{d.Folder}/", StringComparison.Ordinal))
        || (FindAppHost() is { } appHost && IsDcpOf(commandLine, appHost));

    /// <summary>DCP watches the AppHost that started it (`--monitor pid`), and stops when it ends.</summary>
    private static bool IsDcpOf(string commandLine, int appHost) =>
        commandLine.Contains("dcp", StringComparison.Ordinal) && commandLine.Contains($"--monitor {appHost}", StringComparison.Ordinal);

    private int? FindAppHost()
    {
        if (_appHost is { } known && Processes.IsAlive(known))
        {
            return known;
        }

        _appHost = Processes.All().Cast<int?>().FirstOrDefault(pid => Processes.CommandLine(pid!.Value).Take(2).Any(argument =>
            argument.StartsWith($"{_root}/AppHost/bin/", StringComparison.Ordinal)
            && Path.GetFileName(argument) is "Clearhours.AppHost" or "Clearhours.AppHost.dll"));
        return _appHost;
    }

    private IEnumerable<int> Alive() =>
        _ours.Where(pair => string.Join(' ', Processes.CommandLine(pair.Key)) == pair.Value).Select(pair => pair.Key);

    private string Kind(string[] commandLine)
    {
        var text = string.Join(' ', commandLine);
        return text switch
        {
            _ when text.Contains("postgres", StringComparison.Ordinal) => "PostgreSQL",
            _ when text.Contains("beam", StringComparison.Ordinal) || text.Contains("rabbitmq", StringComparison.Ordinal)
                || text.Contains("erl_child_setup", StringComparison.Ordinal) || text.Contains("inet_gethost", StringComparison.Ordinal) => "RabbitMQ",
            _ when text.Contains("Aspire.Dashboard", StringComparison.OrdinalIgnoreCase) => "Aspire dashboard",
            _ when text.Contains("dcp", StringComparison.Ordinal) => "DCP",
            _ when text.Contains(" run ", StringComparison.Ordinal) => "`dotnet run`s",
            _ when text.Contains($"{_root}/AppHost/", StringComparison.Ordinal) => "AppHost",
            _ => "other",
        };
    }

    private static async Task<string?> TakeTokenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "admin-dev-password" }, cancellationToken);
        return answer.IsSuccessStatusCode ? (await answer.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken))!.AccessToken : null;
    }

    /// <summary>A page may redirect; the gateway says 502 or 503 for a service that is not there yet.</summary>
    private async Task<bool> AnswersAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var answer = await http.SendAsync(request, cancellationToken);
        return (int)answer.StatusCode < 400;
    }

    /// <summary>The deployable's own /health, on a port its process listens on, answers 200: Healthy or Degraded, not Unhealthy (503).</summary>
    private async Task<bool> HealthyAsync(HttpClient http, Deployable deployable, CancellationToken cancellationToken)
    {
        if (Find(deployable) is not { } pid)
        {
            return false;
        }

        foreach (var port in Processes.ListeningPorts(pid))
        {
            try
            {
                await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/health"), cancellationToken);
                return true;
            }
            catch (HttpRequestException)
            {
                // Not HTTP on this port, or Unhealthy (503).
            }
        }

        return false;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private string LastOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 60)
            {
                _output.Dequeue();
            }
        }
    }

    private sealed record TokenAnswer(string AccessToken);
}
