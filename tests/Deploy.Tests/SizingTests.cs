using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearhours.Deploy.Tests;

/// <summary>
/// The memory each Deployment asks for and may use, against what the system benchmark measured of its process
/// (bench/README.md, System: the table after <see cref="Marker"/>, which bench/System's runs fill in by hand).
/// </summary>
public sealed partial class SizingTests
{
    public const string Marker = "<!-- deploy/kubernetes: memory sized from this table -->";

    [Theory]
    [MemberData(nameof(ManifestTests.Overlays), MemberType = typeof(ManifestTests))]
    public void Memory_requests_cover_the_measured_peak_and_limits_leave_room(string overlay)
    {
        var measured = MeasuredPeaks();
        var deployments = Kustomization.Build(Repository.PathOf($"{ManifestTests.Deploy}/overlays/{overlay}"))
            .Where(d => Yaml.Kind(d) == "Deployment")
            .ToDictionary(Yaml.Name);
        Assert.Equal(deployments.Keys.Order(), measured.Keys.Order());
        foreach (var (name, peak) in measured)
        {
            var container = Workloads.Containers(deployments[name]).Single(c => Yaml.TextAt(c, "name") == name);
            var request = Mebibytes(Yaml.TextAt(container, "resources", "requests", "memory")!);
            var limit = Mebibytes(Yaml.TextAt(container, "resources", "limits", "memory")!);
            // A request below the measured peak would let the scheduler pack pods that then get evicted; a limit under
            // twice the peak would kill a pod at the first burst (a big report, an import).
            Assert.True(request >= 1.2 * peak, $"{overlay}, {name}: a request of {request} MiB for a measured peak of {peak} MiB");
            Assert.True(limit >= 2 * peak, $"{overlay}, {name}: a limit of {limit} MiB for a measured peak of {peak} MiB");
        }
    }

    [Theory]
    [InlineData("288Mi", 288)]
    [InlineData("1Gi", 1024)]
    [InlineData("512M", 488.28125)]
    public void Quantities_read_as_mebibytes(string quantity, double mebibytes) =>
        Assert.Equal(mebibytes, Mebibytes(quantity), 6);

    /// <summary>The peak resident size (MiB) of each deployable, by Deployment name.</summary>
    private static Dictionary<string, double> MeasuredPeaks()
    {
        var lines = Repository.Read("bench/README.md").Split('\n');
        var at = Array.FindIndex(lines, line => line.Trim() == Marker);
        Assert.True(at >= 0, $"bench/README.md has no line {Marker}");
        var peaks = new Dictionary<string, double>();
        foreach (var line in lines.Skip(at + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var row = SizeRow().Match(line);
            if (row.Success)
            {
                peaks[row.Groups["name"].Value] = double.Parse(row.Groups["peak"].Value, CultureInfo.InvariantCulture);
            }
        }

        Assert.NotEmpty(peaks);
        return peaks;
    }

    private static double Mebibytes(string quantity)
    {
        var match = Quantity().Match(quantity);
        Assert.True(match.Success, $"an unexpected memory quantity: {quantity}");
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "Mi" => value,
            "Gi" => value * 1024,
            "M" => value * 1_000_000 / (1024 * 1024),
            "G" => value * 1_000_000_000 / (1024 * 1024),
            _ => value / (1024 * 1024),
        };
    }

    // | `tasks-api` | 214 | 240 |
    [GeneratedRegex(@"^\|\s*`(?<name>[a-z-]+)`\s*\|\s*(?<idle>\d+(\.\d+)?)\s*\|\s*(?<peak>\d+(\.\d+)?)\s*\|")]
    private static partial Regex SizeRow();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)(?<unit>Mi|Gi|M|G)?$")]
    private static partial Regex Quantity();
}
