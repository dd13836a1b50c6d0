using System.Globalization;
using System.Runtime.InteropServices;

namespace Clearhours.Bench.System;

/// <summary>What Linux says of a process in /proc: its command line, parent, resident size and listening ports.</summary>
internal static class Processes
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>The arguments, the program first; empty once the process is gone.</summary>
    public static string[] CommandLine(int pid) =>
        Read($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static int Parent(int pid) => (int)(StatusField(pid, "PPid:") ?? 0);

    /// <summary>VmRSS in MB (MiB), 0 once the process is gone.</summary>
    public static double ResidentMb(int pid) => (StatusField(pid, "VmRSS:") ?? 0) / 1024.0;

    /// <summary>
    /// PSS in MB (MiB): its private pages and its share of those it maps with other processes (/proc/&lt;pid&gt;/smaps_rollup);
    /// 0 once the process is gone.
    /// </summary>
    public static double ProportionalMb(int pid) => (Field($"/proc/{pid}/smaps_rollup", "Pss:") ?? 0) / 1024.0;

    /// <summary>
    /// CPU seconds the process has used, user and system, with those of its children that ended and were waited for
    /// (PostgreSQL's initdb, for one); 0 once it is gone.
    /// </summary>
    public static double CpuSeconds(int pid)
    {
        // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses, so fields count from the last ')'.
        var stat = Read($"/proc/{pid}/stat");
        if (stat is null)
        {
            return 0;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture)); // utime stime cutime cstime
        return ticks / (double)ClockTicksPerSecond;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>The TCP ports the process listens on (IPv4 and IPv6), from its socket descriptors and /proc/net/tcp*.</summary>
    public static IReadOnlySet<int> ListeningPorts(int pid)
    {
        var sockets = new HashSet<string>();
        try
        {
            foreach (var descriptor in Directory.EnumerateFiles($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(descriptor).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    sockets.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new HashSet<int>(); // gone meanwhile
        }

        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in (Read(table) ?? "").Split('\n').Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == "0A" && sockets.Contains(fields[9]))
                {
                    ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }

    /// <summary>The unit of /proc's CPU times (USER_HZ): 100 on every Linux this runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    public static void Signal(int pid, int signal) => _ = Kill(pid, signal);

    private static long? StatusField(int pid, string field) => Field($"/proc/{pid}/status", field);

    /// <summary>The number after "<paramref name="field"/>" in a /proc file of "Name: value [kB]" lines; null when absent.</summary>
    private static long? Field(string path, string field)
    {
        var line = (Read(path) ?? "").Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code for two ints.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
