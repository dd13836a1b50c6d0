using System.Globalization;
using System.Text.Json;

namespace Clearhours.Bench;

/// <summary>
/// One figure of a benchmark beside its baseline and target, over several runs. `bench/run` gathers every benchmark's
/// rows (written with <see cref="BenchResults.WriteAsync"/>) into the table of bench/README.md.
/// </summary>
/// <param name="What">What is measured, as the table's first column says it ("report preview, one client-month, p95").</param>
/// <param name="Unit">"ms", "s", "MB", "/s"…</param>
/// <param name="Runs">The figure of each run, in run order.</param>
/// <param name="Baseline">The baseline's figure of each run (same order), or empty when the row has none.</param>
/// <param name="BaselineWhat">What the baseline is ("raw SQL aggregate of the same rows, p95").</param>
/// <param name="Target">The target in words ("≤ 1.5 × baseline + 5 ms").</param>
/// <param name="Met">Whether the target was met (by the median run, or by every run when the row says so).</param>
/// <param name="Note">Why a miss, what limits the figure; empty when there is nothing to say.</param>
public sealed record BenchRow(
    string What, string Unit, IReadOnlyList<double> Runs, IReadOnlyList<double> Baseline, string BaselineWhat,
    string Target, bool Met, string Note = "")
{
    public double Min => Runs.Min();

    public double Median => MedianOf(Runs);

    public double Max => Runs.Max();

    public static double MedianOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

public static class BenchResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// Writes the rows to the file named by the `CLEARHOURS_BENCH_RESULTS` folder (set by bench/run) as
    /// `&lt;bench&gt;.json`; does nothing when it is not set, so a benchmark run by hand only prints.
    /// </summary>
    public static async Task WriteAsync(string bench, IReadOnlyList<BenchRow> rows)
    {
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.What}: min {row.Min:0.###} / median {row.Median:0.###} / max {row.Max:0.###} {row.Unit}; target {row.Target}: {(row.Met ? "met" : "MISSED")}"));
        }

        if (Environment.GetEnvironmentVariable("CLEARHOURS_BENCH_RESULTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{bench}.json"), JsonSerializer.Serialize(rows, Json));
    }
}
