using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Clearhours.Bench.System;

/// <summary>What one wrk run gave: requests per second, the median latency, and the answers that were not 2xx/3xx.</summary>
internal sealed record WrkResult(double PerSecond, double P50Ms, long Failed);

/// <summary>wrk (apt-get install wrk), run with a bearer token against one URL.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string token, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])
                 [$"-t{Math.Min(connections, Environment.ProcessorCount)}", $"-c{connections}", $"-d{seconds}s", "--latency",
                  "-H", $"Authorization: Bearer {token}", url.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var perSecond = RequestsPerSecond().Match(output);
        var p50 = Median().Match(output);
        if (process.ExitCode != 0 || !perSecond.Success || !p50.Success)
        {
            throw new InvalidOperationException($"wrk {url} failed ({process.ExitCode}): {output}{errors}");
        }

        var failed = NotOk().Match(output) is { Success: true } notOk ? long.Parse(notOk.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Match(output) is { Success: true } socket
            ? socket.Groups.Values.Skip(1).Sum(group => long.Parse(group.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(
            double.Parse(perSecond.Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(p50.Groups[1].Value, p50.Groups[2].Value),
            failed + socketErrors);
    }

    private static double Milliseconds(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch
        {
            "us" => 0.001,
            "ms" => 1,
            "s" => 1000,
            _ => throw new InvalidOperationException($"wrk latency unit {unit}"),
        };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"\s50%\s+([\d.]+)(us|ms|s)\b")]
    private static partial Regex Median();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NotOk();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
