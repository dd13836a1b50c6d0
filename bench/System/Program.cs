using System.Globalization;

namespace Clearhours.Bench.System;

/// <summary>
/// The whole system as a user runs it, `dotnet run --project AppHost -c Release --no-build`: how long until every
/// deployable answers through the gateway (a new state folder, then the same one again), each deployable's resident
/// memory idle and under load, and what the gateway costs against the same GET straight to the service.
/// </summary>
internal static class Program
{
    private const double StartTargetSeconds = 15;
    private const double IdleTargetMb = 120;
    private const double RatioTarget = 0.8;
    private const double AddedP50TargetMs = 0.5;

    /// <summary>Cheap, authenticated, and read from the database: what a screen asks for most.</summary>
    private const string LoadPath = "/api/tasks/statuses";

    private static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var options = Options.Parse(args);
        var root = FindRoot();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {LoadAverage()}; {options}");

        var rounds = new List<Round>();
        for (var number = 1; number <= options.Runs; number++)
        {
            var round = await RoundAsync(root, options);
            rounds.Add(round);
            Print(number, round);
            PrintTimeline($"run {number}'s warm", [round.WarmTimeline]); // a run cut short still shows where its starts went
        }

        PrintTimeline("cold", rounds.Select(r => r.ColdTimeline).ToList());
        PrintTimeline("warm", rounds.Select(r => r.WarmTimeline).ToList());
        return await ReportAsync(rounds);
    }

    /// <summary>
    /// A cold start on a new state folder (PostgreSQL's initdb, RabbitMQ's first boot, every migration), stopped; then a
    /// warm start on the same folder and ports, measured idle and under load, stopped.
    /// </summary>
    private static async Task<Round> RoundAsync(string root, Options options)
    {
        var state = Path.Combine(Path.GetTempPath(), $"clearhours-system-{Guid.NewGuid():N}");
        var ports = SystemPorts.Free();
        var limit = TimeSpan.FromMinutes(5); // a loaded machine has taken over 3 min
        try
        {
            var cold = AppHostRun.Start(root, state, ports);
            IReadOnlyList<(string Step, double Seconds)> coldTimeline;
            try
            {
                coldTimeline = await cold.WaitUntilAnsweringAsync(limit);
            }
            finally
            {
                await StopAsync(cold);
            }

            var warm = AppHostRun.Start(root, state, ports);
            try
            {
                var warmTimeline = await warm.WaitUntilAnsweringAsync(limit);
                var pids = Deployable.All.ToDictionary(d => d.Name, d => warm.Find(d) ?? throw new InvalidOperationException($"{d.Name} is gone"));
                var atStart = Resident(pids);
                await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
                var idle = Resident(pids);
                var idlePss = pids.ToDictionary(pair => pair.Key, pair => Processes.ProportionalMb(pair.Value));
                var others = warm.OtherResidentMb();
                var load = await GatewayLoadAsync(warm, pids, options);
                return new Round(coldTimeline, warmTimeline, cold.CpuWhenAnswering, warm.CpuWhenAnswering, atStart, idle, idlePss, others, load, LoadAverage());
            }
            finally
            {
                await StopAsync(warm);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (IOException)
            {
                // A server may still be flushing its last file; the folder is in the temporary directory.
            }
        }
    }

    private static async Task StopAsync(AppHostRun run)
    {
        var (seconds, killed) = await run.StopAsync();
        Console.WriteLine($"  stopped in {seconds:0.0} s{(killed > 0 ? $", {killed} processes left after 30 s killed" : "")}");
    }

    /// <summary>
    /// wrk against the same GET through the gateway and straight to the Tasks process (its own port, which the gateway
    /// calls too: the AppHost puts no proxy in front of a single process), at 32 connections for throughput and 1 for
    /// latency. Samples every deployable's resident size meanwhile.
    /// </summary>
    private static async Task<Load> GatewayLoadAsync(AppHostRun run, IReadOnlyDictionary<string, int> pids, Options options)
    {
        var token = run.Token!;
        var gateway = new Uri(run.Gateway, LoadPath);
        var direct = await FirstAnsweringAsync(Processes.ListeningPorts(pids["Tasks"]), token)
            ?? throw new InvalidOperationException("Tasks listens on no port that answers " + LoadPath);

        var peak = Deployable.All.ToDictionary(d => d.Name, _ => 0.0);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                foreach (var (name, mb) in Resident(pids))
                {
                    peak[name] = Math.Max(peak[name], mb);
                }

                await Task.Delay(100);
            }
        });

        await Wrk.RunAsync(gateway, token, 32, 3); // warm-up
        await Wrk.RunAsync(direct, token, 32, 3);
        // At 32 connections, also the CPU each part of the run spent per answered request: what each path costs.
        async Task<(WrkResult Result, IReadOnlyDictionary<string, double> CpuMs)> Costed(Uri url)
        {
            var before = run.CpuSeconds();
            var result = await Wrk.RunAsync(url, token, 32, options.LoadSeconds);
            var requests = Math.Max(1, result.PerSecond * options.LoadSeconds);
            var cpuMs = run.CpuSeconds().ToDictionary(part => part.Key, part => 1000 * (part.Value - before.GetValueOrDefault(part.Key)) / requests);
            return (result, cpuMs);
        }

        var (gateway32, gatewayCpu) = await Costed(gateway);
        var (direct32, directCpu) = await Costed(direct);
        var gateway1 = await Wrk.RunAsync(gateway, token, 1, options.LoadSeconds);
        var direct1 = await Wrk.RunAsync(direct, token, 1, options.LoadSeconds);
        await sampling.CancelAsync();
        await sampler;
        return new Load(gateway32, direct32, gateway1, direct1, peak, gatewayCpu, directCpu);
    }

    private static async Task<Uri?> FirstAnsweringAsync(IEnumerable<int> ports, string token)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var port in ports.Order())
        {
            var url = new Uri($"http://127.0.0.1:{port}{LoadPath}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new("Bearer", token);
            try
            {
                using var answer = await http.SendAsync(request);
                if (answer.IsSuccessStatusCode)
                {
                    return url;
                }
            }
            catch (HttpRequestException)
            {
                // Not this port.
            }
        }

        return null;
    }

    private static Dictionary<string, double> Resident(IReadOnlyDictionary<string, int> pids) =>
        pids.ToDictionary(pair => pair.Key, pair => Processes.ResidentMb(pair.Value));

    private static void Print(int number, Round round)
    {
        var load = round.Load;
        Console.WriteLine($"Round {number} (load average {round.LoadAverage}): start cold {round.ColdSeconds:0.0} s, warm {round.WarmSeconds:0.0} s");
        foreach (var (kind, cpu, seconds) in new[] { ("cold", round.ColdCpu, round.ColdSeconds), ("warm", round.WarmCpu, round.WarmSeconds) })
        {
            Console.WriteLine($"  CPU seconds used by the {kind} start when every service answered ({cpu.Values.Sum():0.0} s in all, " +
                $"{cpu.Values.Sum() / seconds:0.00} cores on average): " +
                string.Join(", ", cpu.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:0.0}")));
        }

        Console.WriteLine("  | MB RSS | " + string.Join(" | ", Deployable.All.Select(d => d.Name)) + " |");
        Console.WriteLine("  |---|" + string.Concat(Deployable.All.Select(_ => "---|")));
        Console.WriteLine("  | just started | " + string.Join(" | ", Deployable.All.Select(d => $"{round.AtStart[d.Name]:0}")) + " |");
        Console.WriteLine("  | idle | " + string.Join(" | ", Deployable.All.Select(d => $"{round.Idle[d.Name]:0}")) + " |");
        Console.WriteLine("  | idle, PSS | " + string.Join(" | ", Deployable.All.Select(d => $"{round.IdlePss[d.Name]:0}")) + " |");
        Console.WriteLine("  | peak under load | " + string.Join(" | ", Deployable.All.Select(d => $"{load.PeakMb[d.Name]:0}")) + " |");
        Console.WriteLine("  others, idle: " + string.Join(", ", round.Others.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value:0} MB")));
        Console.WriteLine($"  GET {LoadPath}, 32 connections: gateway {load.Gateway32.PerSecond:0}/s, direct {load.Direct32.PerSecond:0}/s " +
                          $"(ratio {load.Ratio:0.00})");
        foreach (var (path, cpu) in new[] { ("gateway", load.GatewayCpuMs), ("direct", load.DirectCpuMs) })
        {
            Console.WriteLine($"  CPU ms per request, 32 connections, {path}: {cpu.Values.Sum():0.000} in all: " +
                string.Join(", ", cpu.Where(c => c.Value >= 0.0005).OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:0.000}")));
        }

        Console.WriteLine($"  1 connection, p50: gateway {load.Gateway1.P50Ms:0.000} ms, direct {load.Direct1.P50Ms:0.000} ms " +
                          $"(added {load.AddedP50Ms:0.000} ms); failed answers {load.Failed}");
    }

    /// <summary>When each step of the start was first seen, the median over the runs.</summary>
    private static void PrintTimeline(string kind, IReadOnlyList<IReadOnlyList<(string Step, double Seconds)>> timelines)
    {
        Console.WriteLine($"Timeline of the {kind} start{(timelines.Count > 1 ? "s" : "")}, seconds after `dotnet run` began" +
                          $"{(timelines.Count > 1 ? $" (median of {timelines.Count})" : "")}:");
        var steps = timelines.SelectMany(t => t).GroupBy(s => s.Step)
            .Select(group => (Step: group.Key, Seconds: BenchRow.MedianOf(group.Select(s => s.Seconds).ToList()), Count: group.Count()))
            .OrderBy(s => s.Seconds);
        foreach (var (step, seconds, count) in steps)
        {
            Console.WriteLine($"  {seconds,6:0.0}  {step}{(count < timelines.Count ? $" (seen in {count} runs)" : "")}");
        }
    }

    private static async Task<int> ReportAsync(IReadOnlyList<Round> rounds)
    {
        var loads = rounds.Select(r => r.Load).ToList();
        var ratios = loads.Select(l => l.Ratio).ToList();
        var failed = loads.Select(l => (double)l.Failed).ToList();
        var rows = new List<BenchRow>
        {
            StartRow("start, cold (new state folder: initdb, RabbitMQ's first boot, migrations) to every service answering through the gateway",
                rounds.Select(r => (r.ColdSeconds, r.ColdCpu)).ToList()),
            StartRow("start, warm (the same state folder) to every service answering through the gateway", rounds.Select(r => (r.WarmSeconds, r.WarmCpu)).ToList()),
        };
        foreach (var deployable in Deployable.All)
        {
            var idle = rounds.Select(r => r.Idle[deployable.Name]).ToList();
            var pss = BenchRow.MedianOf(rounds.Select(r => r.IdlePss[deployable.Name]).ToList());
            var met = BenchRow.MedianOf(idle) <= IdleTargetMb;
            rows.Add(new($"idle RSS, {deployable.Name}, 30 s after the warm start", "MB", idle, [], "",
                $"≤ {IdleTargetMb:0} MB", met,
                (met ? "" : $"{BenchRow.MedianOf(idle) - IdleTargetMb:0} MB over; ") + $"PSS {pss:0} MB: the rest of its RSS is pages it shares with the " +
                "other .NET processes (the runtime's and framework's files); what it holds is the code it loads and compiles (System: Where the memory goes)"));
        }

        foreach (var deployable in Deployable.All)
        {
            rows.Add(new($"peak RSS, {deployable.Name}, during the gateway load", "MB", loads.Select(l => l.PeakMb[deployable.Name]).ToList(), [], "",
                "— (sizes the Kubernetes limits)", true));
        }

        rows.Add(new($"gateway: GET {LoadPath} through the gateway, 32 connections (wrk)", "/s", loads.Select(l => l.Gateway32.PerSecond).ToList(),
            loads.Select(l => l.Direct32.PerSecond).ToList(), "the same GET straight to the Tasks process",
            $"≥ {RatioTarget} × baseline", BenchRow.MedianOf(ratios) >= RatioTarget,
            $"ratio median {BenchRow.MedianOf(ratios):0.00}; CPU a request, median: {CpuMedian(loads, l => l.GatewayCpuMs):0.00} ms through the gateway " +
            $"(the gateway process {CpuMedian(loads, l => l.GatewayCpuMs.GetValueOrDefault("Gateway")):0.00}), {CpuMedian(loads, l => l.DirectCpuMs):0.00} direct, " +
            "on the two cores they share"));
        var addedP50 = BenchRow.MedianOf(loads.Select(l => l.AddedP50Ms).ToList());
        rows.Add(new($"gateway: p50 added at 1 connection, GET {LoadPath}", "ms", loads.Select(l => l.AddedP50Ms).ToList(),
            loads.Select(l => l.Direct1.P50Ms).ToList(), "p50 of the same GET straight to the Tasks process",
            $"≤ {AddedP50TargetMs} ms", addedP50 <= AddedP50TargetMs,
            addedP50 <= AddedP50TargetMs ? "" : $"{addedP50 - AddedP50TargetMs:0.00} ms over; the gateway's own CPU a request " +
            $"{CpuMedian(loads, l => l.GatewayCpuMs.GetValueOrDefault("Gateway")):0.00} ms, half of it socket sends and receives " +
            "(System: Where the gateway's CPU goes)"));
        rows.Add(new("gateway load: answers not 2xx and socket errors (wrk)", "", failed, [], "", "0 in every run", failed.All(f => f == 0)));
        await BenchResults.WriteAsync("system", rows);
        return rows.All(row => row.Met) ? 0 : 1;
    }

    /// <summary>The median over the runs of what one path's requests cost every process, in CPU ms a request.</summary>
    private static double CpuMedian(IReadOnlyList<Load> loads, Func<Load, IReadOnlyDictionary<string, double>> path) =>
        BenchRow.MedianOf(loads.Select(l => path(l).Values.Sum()).ToList());

    private static double CpuMedian(IReadOnlyList<Load> loads, Func<Load, double> part) => BenchRow.MedianOf(loads.Select(part).ToList());

    /// <summary>A start's row, with the CPU every part of the run had used when the last service answered.</summary>
    private static BenchRow StartRow(string what, IReadOnlyList<(double Seconds, IReadOnlyDictionary<string, double> Cpu)> starts)
    {
        var seconds = starts.Select(s => s.Seconds).ToList();
        var median = BenchRow.MedianOf(seconds);
        var cpu = BenchRow.MedianOf(starts.Select(s => s.Cpu.Values.Sum()).ToList());
        var aspire = BenchRow.MedianOf(starts.Select(s => s.Cpu.Where(part => part.Key is "AppHost" or "DCP" or "Aspire dashboard").Sum(part => part.Value)).ToList());
        return new(what, "s", seconds, [], "", $"≤ {StartTargetSeconds:0} s", median <= StartTargetSeconds,
            (median <= StartTargetSeconds ? "" : $"{median - StartTargetSeconds:0.0} s over; ") +
            $"{cpu:0} CPU seconds used by then ({cpu / median:0.00} of the {Environment.ProcessorCount} cores busy on average), {aspire:0} of them " +
            "Aspire's own (AppHost, DCP, dashboard): CPU-bound (System: Where a start's time goes)");
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Microservices.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run it inside the repository: no Microservices.sln above the current folder.");
    }

    private static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private sealed record Round(
        IReadOnlyList<(string Step, double Seconds)> ColdTimeline, IReadOnlyList<(string Step, double Seconds)> WarmTimeline,
        IReadOnlyDictionary<string, double> ColdCpu, IReadOnlyDictionary<string, double> WarmCpu, IReadOnlyDictionary<string, double> AtStart, IReadOnlyDictionary<string, double> Idle, IReadOnlyDictionary<string, double> IdlePss,
        IReadOnlyDictionary<string, double> Others,
        Load Load, string LoadAverage)
    {
        /// <summary>When the last deployable answered through the gateway.</summary>
        public double ColdSeconds => Answered(ColdTimeline);

        public double WarmSeconds => Answered(WarmTimeline);

        private static double Answered(IReadOnlyList<(string Step, double Seconds)> timeline) =>
            timeline.Where(step => step.Step.EndsWith("answers through the gateway", StringComparison.Ordinal)).Max(step => step.Seconds);
    }

    private sealed record Load(
        WrkResult Gateway32, WrkResult Direct32, WrkResult Gateway1, WrkResult Direct1, IReadOnlyDictionary<string, double> PeakMb,
        IReadOnlyDictionary<string, double> GatewayCpuMs, IReadOnlyDictionary<string, double> DirectCpuMs)
    {
        public double Ratio => Gateway32.PerSecond / Direct32.PerSecond;

        public double AddedP50Ms => Gateway1.P50Ms - Direct1.P50Ms;

        public long Failed => new[] { Gateway32, Direct32, Gateway1, Direct1 }.Sum(result => result.Failed);
    }

    private sealed record Options(int Runs, int IdleSeconds, int LoadSeconds)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(Runs: 5, IdleSeconds: 30, LoadSeconds: 10);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                options = args[i] switch
                {
                    "--runs" => options with { Runs = value },
                    "--idle" => options with { IdleSeconds = value },
                    "--load" => options with { LoadSeconds = value },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; known: --runs --idle --load (seconds)"),
                };
            }

            return options;
        }

        public override string ToString() =>
            $"{Runs} runs, each a cold and a warm start; idle {IdleSeconds} s; wrk runs of {LoadSeconds} s";
    }
}
