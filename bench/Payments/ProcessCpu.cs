namespace Clearhours.Bench.Payments;

/// <summary>
/// CPU time (user + system) of this benchmark and of every process of the system it started: the services, PostgreSQL
/// and RabbitMQ. DCP starts them detached (they are not our descendants), so a process is ours when its command line or
/// environment holds one of the run's own markers: its state folder, its telemetry sink's address. Read from /proc, so
/// it says where the cores went during a phase, whatever else the machine ran at the time.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Seconds of CPU used so far, per component ("Clearhours.Billing", "postgres", "rabbitmq", "bench"…).</summary>
    public static Dictionary<string, double> Snapshot(IReadOnlyList<string> markers)
    {
        var processes = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => Read(int.Parse(name!)))
            .OfType<ProcessStat>();

        var used = new Dictionary<string, double>();
        foreach (var process in processes.Where(p => p.Pid == Environment.ProcessId || IsOurs(p, markers)))
        {
            var component = Component(process);
            used[component] = used.GetValueOrDefault(component) + process.CpuSeconds;
        }

        return used;
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
        { Pid: var pid } when pid == Environment.ProcessId => "bench (publisher, AppHost)",
        { Command: var command } when command.Contains("postgres", StringComparison.Ordinal) => "postgres",
        { Command: var command } when command.Contains("beam", StringComparison.Ordinal) || command.Contains("erl", StringComparison.Ordinal) => "rabbitmq",
        { Command: var command } when command.Contains("/bin/Release/", StringComparison.Ordinal) || command.Contains("/bin/Debug/", StringComparison.Ordinal)
            => Path.GetFileNameWithoutExtension(command.Split(' ')[0]),
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
            return new ProcessStat(pid, (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond, command);
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

    private sealed record ProcessStat(int Pid, double CpuSeconds, string Command);
}
