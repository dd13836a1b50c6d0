namespace Clearhours.Bench.Payments;

/// <summary>
/// CPU time (user + system), and resident memory, of this benchmark and of every process of the system it started: the
/// services, PostgreSQL and RabbitMQ. DCP starts them detached (they are not our descendants), so a process is ours when its command line or
/// environment holds one of the run's own markers (its state folder, its telemetry sink's address), or when its parent
/// is ours: PostgreSQL's backends rename themselves ("postgres: clearhours billingdb …"). Read from /proc, so
/// it says where the cores went during a phase, whatever else the machine ran at the time.
/// </summary>
internal static class ProcessCpu
{
    private const string Bench = "bench (publisher, AppHost)";

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU used so far, per component ("Clearhours.Billing", "postgres: billingdb", "rabbitmq", "bench"…).</summary>
    public static Dictionary<string, double> Snapshot(IReadOnlyList<string> markers)
    {
        var used = new Dictionary<string, double>();
        foreach (var process in Ours(markers))
        {
            var component = Component(process);
            used[component] = used.GetValueOrDefault(component) + process.CpuSeconds;
        }

        return used;
    }

    private static IEnumerable<ProcessStat> Ours(IReadOnlyList<string> markers)
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => Read(int.Parse(name!)))
            .OfType<ProcessStat>()
            .ToDictionary(p => p.Pid);

        var ours = new Dictionary<int, bool>();
        bool IsOursOrChild(ProcessStat process) =>
            ours.TryGetValue(process.Pid, out var known) ? known : ours[process.Pid] =
                process.Pid == Environment.ProcessId
                || IsOurs(process, markers)
                || processes.TryGetValue(process.ParentPid, out var parent) && parent.Pid != 1 && IsOursOrChild(parent);

        return processes.Values.Where(IsOursOrChild).ToList();
    }

    /// <summary>Resident megabytes of each .NET process of the system (the services, the gateway, the web app), by name.</summary>
    public static Dictionary<string, double> ResidentMegabytes(IReadOnlyList<string> markers) =>
        Ours(markers)
            .Select(process => (Component: Component(process), process.ResidentBytes))
            .Where(process => process.Component.StartsWith("Clearhours.", StringComparison.Ordinal))
            .GroupBy(process => process.Component)
            .ToDictionary(group => group.Key, group => group.Sum(process => process.ResidentBytes) / 1024.0 / 1024.0);

    /// <summary>
    /// Waits until the system's processes (all but this benchmark) use less than half a core for three seconds running,
    /// or <paramref name="patience"/> has passed: the backlog of earlier work (documents being drawn, time being locked)
    /// would otherwise share the cores with what is measured next, and be counted in it.
    /// </summary>
    /// <returns>How long it waited, and whether the system went quiet.</returns>
    public static async Task<(TimeSpan Waited, bool Quiet)> WaitForQuietAsync(IReadOnlyList<string> markers, TimeSpan patience)
    {
        const double QuietCores = 0.5;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var quietSeconds = 0;
        var before = Snapshot(markers);
        while (quietSeconds < 3 && clock.Elapsed < patience)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = Snapshot(markers);
            var used = Between(before, after).Where(pair => pair.Key != Bench).Sum(pair => pair.Value);
            quietSeconds = used < QuietCores ? quietSeconds + 1 : 0;
            before = after;
        }

        return (clock.Elapsed, quietSeconds >= 3);
    }

    /// <summary>CPU seconds per component between two snapshots.</summary>
    public static Dictionary<string, double> Between(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key));

    private static bool IsOurs(ProcessStat process, IReadOnlyList<string> markers)
    {
        if (markers.Any(marker => process.Command.Contains(marker, StringComparison.Ordinal)))
        {
            return true;
        }

        try
        {
            var environment = File.ReadAllText($"/proc/{process.Pid}/environ");
            return markers.Any(marker => environment.Contains(marker, StringComparison.Ordinal));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Component(ProcessStat process) => process switch
    {
        { Pid: var pid } when pid == Environment.ProcessId => Bench,
        { Command: var command } when command.StartsWith("postgres: ", StringComparison.Ordinal) && command.Split(' ') is [_, _, var database, _, ..]
            && database.EndsWith("db", StringComparison.Ordinal) => $"postgres: {database}",
        { Command: var command } when command.Contains("postgres", StringComparison.Ordinal) => "postgres: server, background, ended connections",
        { Command: var command } when command.Contains("beam", StringComparison.Ordinal) || command.Contains("erl", StringComparison.Ordinal) => "rabbitmq",
        { Command: var command } when command.Contains("/bin/Release/", StringComparison.Ordinal) || command.Contains("/bin/Debug/", StringComparison.Ordinal)
            => Path.GetFileName(command.Split(' ')[0]).Replace(".dll", "", StringComparison.Ordinal),
        _ => "other (dcp, dotnet run)",
    };

    private static ProcessStat? Read(int pid)
    {
        try
        {
            // The command name in stat may hold spaces and parentheses: the fields start after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            // utime, stime, and cutime, cstime: the CPU of its children that ended (PostgreSQL's backends of closed connections).
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            // rss, in pages.
            var resident = long.Parse(fields[21]) * Environment.SystemPageSize;
            return new ProcessStat(pid, int.Parse(fields[1]), ticks / TicksPerSecond, command, resident);
        }
        catch (IOException)
        {
            return null; // ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record ProcessStat(int Pid, int ParentPid, double CpuSeconds, string Command, long ResidentBytes);
}
