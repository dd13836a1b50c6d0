using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Clearhours.Bench.Run;

/// <summary>
/// Runs every benchmark one after another (each a Release build, built beforehand by bench/run), gathers the rows they
/// write, and puts the table between the markers of bench/README.md. Exits 1 when a benchmark failed or a target was
/// missed, so a regression shows.
/// </summary>
internal static class Program
{
    private const string Begin = "<!-- bench/run: table begins -->";
    private const string End = "<!-- bench/run: table ends -->";

    /// <summary>The benchmarks, in the order they run, with the arguments of the one command.</summary>
    private static readonly (string Name, string Project, string Arguments)[] Benches =
    [
        ("import", "bench/Import", ""),
        ("reporting", "bench/Reporting", ""),
        ("documents", "bench/Documents", ""),
        ("system", "bench/System", ""),
        ("payments", "bench/Payments", ""),
        ("payments-2", "bench/Payments", "--replicas 2 --rounds 3"),
        ("soak", "bench/Payments", "--soak 10 --companies 100 --months 12 --rate 50"),
    ];

    private static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var root = FindRoot();
        var only = args.Length > 0 ? args.ToHashSet() : null;
        var results = Path.Combine(Path.GetTempPath(), $"clearhours-bench-results-{Guid.NewGuid():N}");
        Directory.CreateDirectory(results);

        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var outcomes = new List<(string Name, int ExitCode, TimeSpan Took)>();
        foreach (var (name, project, arguments) in Benches.Where(b => only is null || only.Contains(b.Name)))
        {
            if (!File.Exists(Path.Combine(root, project, $"Clearhours.Bench.{Path.GetFileName(project)}.csproj")))
            {
                Console.WriteLine($"== {name}: no project at {project}, skipped");
                outcomes.Add((name, -1, TimeSpan.Zero));
                continue;
            }

            Console.WriteLine($"== {name}: dotnet run --project {project} -c Release --no-build {arguments}");
            var clock = Stopwatch.StartNew();
            var exitCode = await RunAsync(root, project, arguments, results);
            outcomes.Add((name, exitCode, clock.Elapsed));
            Console.WriteLine($"== {name}: exit {exitCode} after {clock.Elapsed.TotalMinutes:0.0} min");
        }

        var rows = Benches
            .Select(b => (b.Name, File: Path.Combine(results, $"{b.Name}.json")))
            .Where(b => File.Exists(b.File))
            .SelectMany(b => JsonSerializer.Deserialize<List<BenchRow>>(File.ReadAllText(b.File))!.Select(row => (Bench: b.Name, Row: row)))
            .ToList();
        var table = Table(started, loadBefore, outcomes, rows);
        Console.WriteLine(table);
        WriteIntoReadme(Path.Combine(root, "bench", "README.md"), table);

        var failed = outcomes.Count(o => Failed(o.ExitCode));
        var missed = rows.Count(r => !r.Row.Met);
        Console.WriteLine($"{rows.Count} figures, {missed} targets missed, {failed} benchmarks failed or missing; bench/README.md updated.");
        return failed == 0 && missed == 0 ? 0 : 1;
    }

    private static async Task<int> RunAsync(string root, string project, string arguments, string results)
    {
        var start = new ProcessStartInfo("dotnet", $"run --project {project} -c Release --no-build -- {arguments}")
        {
            WorkingDirectory = root,
        };
        start.Environment["CLEARHOURS_BENCH_RESULTS"] = results;
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static string Table(DateTimeOffset started, string loadBefore, List<(string Name, int ExitCode, TimeSpan Took)> outcomes, List<(string Bench, BenchRow Row)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"From one run of `bench/run`, started {started:yyyy-MM-dd HH:mm} UTC, {(DateTimeOffset.UtcNow - started).TotalMinutes:0} min.");
        text.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Memory()} memory, {Os()}, .NET {Environment.Version}; " +
                        $"load average {loadBefore} before the run, {LoadAverage()} after.");
        text.AppendLine();
        text.AppendLine("| benchmark | what | min | median | max | baseline (median) | target | |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (bench, row) in rows)
        {
            var baseline = row.Baseline.Count == 0 ? "—" : $"{Format(BenchRow.MedianOf(row.Baseline))} {row.Unit}: {row.BaselineWhat}";
            text.AppendLine($"| {bench} | {row.What} ({row.Runs.Count} runs) | {Format(row.Min)} | {Format(row.Median)} | {Format(row.Max)} {row.Unit} | " +
                            $"{baseline} | {row.Target} | {(row.Met ? "met" : "**missed**")}{(row.Note.Length > 0 ? $": {row.Note}" : "")} |");
        }

        foreach (var (name, exitCode, took) in outcomes.Where(o => Failed(o.ExitCode)))
        {
            text.AppendLine($"| {name} | {(exitCode == -1 ? "not run: no project yet" : $"exit {exitCode} after {took.TotalMinutes:0.0} min: a check failed or it did not finish (its output says which)")} | | | | | | **failed** |");
        }

        return text.ToString();
    }

    /// <summary>A benchmark exits 1 when it ran clean and missed a target (its rows say which), 2 or more when a check failed.</summary>
    private static bool Failed(int exitCode) => exitCode is not (0 or 1);

    private static string Format(double value) =>
        value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void WriteIntoReadme(string readme, string table)
    {
        var text = File.ReadAllText(readme);
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"{readme} has no '{Begin}' … '{End}' markers.");
        }

        File.WriteAllText(readme, text[..(begin + Begin.Length)] + "\n" + table + text[end..]);
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

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

    private static string Memory()
    {
        var total = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
        return total is null ? "unknown" : $"{long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:0} GiB";
    }

    private static string Os() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"') ?? "Linux"
            : Environment.OSVersion.ToString();
}
