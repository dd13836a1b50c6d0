namespace Clearhours.Bench.Payments;

/// <summary>Each service's resident megabytes, sampled through a soak.</summary>
internal sealed class MemorySamples
{
    private readonly List<(TimeSpan At, Dictionary<string, double> Megabytes)> _samples = [];

    public IReadOnlyList<string> Services => [.. _samples.SelectMany(s => s.Megabytes.Keys).Distinct().Order()];

    public void Add(TimeSpan at, Dictionary<string, double> megabytes) => _samples.Add((at, megabytes));

    /// <summary>The minutes sampled, from 0.</summary>
    public IEnumerable<int> Minutes() => _samples.Select(s => (int)s.At.TotalMinutes).Distinct().Order();

    /// <summary>The median of a service's samples in one minute (0 = the first); NaN when none.</summary>
    public double MedianMegabytes(string service, int minute) =>
        Median([.. _samples.Where(s => (int)s.At.TotalMinutes == minute).Select(s => s.Megabytes.GetValueOrDefault(service, double.NaN))]);

    /// <summary>The median of a service's samples in the last 60 s sampled.</summary>
    public double LastMinuteMegabytes(string service)
    {
        var end = _samples[^1].At;
        return Median([.. _samples.Where(s => s.At > end - TimeSpan.FromMinutes(1)).Select(s => s.Megabytes.GetValueOrDefault(service, double.NaN))]);
    }

    /// <summary>
    /// How much a service grew, in percent, from its second minute (warm: its first requests compiled, its pools filled)
    /// to the last minute.
    /// </summary>
    public double GrowthPercent(string service) => (LastMinuteMegabytes(service) / MedianMegabytes(service, 1) - 1) * 100;

    private static double Median(IReadOnlyList<double> values) =>
        values.Where(v => !double.IsNaN(v)).Order().ToList() is { Count: > 0 } sorted ? sorted[sorted.Count / 2] : double.NaN;
}
