using System.Diagnostics;
using System.Globalization;
using Clearhours.Contracts.Billing;
using Clearhours.Documents.Rendering;

namespace Clearhours.Bench.Documents;

/// <summary>
/// Draws invoices, acts and a 300-line report detail with the code the Documents service draws them with
/// (<see cref="DocumentPdfs"/>, called by DocumentIssuing), from generated inputs, and checks every PDF it makes.
/// </summary>
internal static class Program
{
    private const double DocumentsPerSecond = 50;
    private const double ReportMilliseconds = 500;

    private static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var options = BenchOptions.Parse(args);
        if (options.FirstReportOnly)
        {
            return FirstReport(options);
        }

        var loadBefore = LoadAverage();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}; " +
                          $"load average {loadBefore}");
        Console.WriteLine($"{options.Runs} runs of {options.Documents} invoices and {options.Documents} acts on 1 and {options.Threads} threads, " +
                          $"and a report detail of {options.Lines} lines");

        var inputs = new Inputs(options.Seed);
        var agencies = inputs.Agencies();
        var invoices = Enumerable.Range(0, options.Documents).Select(_ => inputs.Invoice()).ToList();
        var failures = new List<string>();

        // A running service has drawn documents before: JIT, PDFsharp's font tables and caches are warm.
        for (var i = 0; i < 2 * agencies.Count; i++)
        {
            DocumentPdfs.Invoice(agencies[i % agencies.Count], invoices[i]);
            DocumentPdfs.Act(agencies[i % agencies.Count], invoices[i]);
        }

        var reportPdf = DocumentPdfs.ReportDetail(agencies[0], inputs.Report(options.Lines));
        if (options.Save is { } folder)
        {
            Directory.CreateDirectory(folder);
            var last = 2 * agencies.Count - 1;
            File.WriteAllBytes(Path.Combine(folder, "invoice.pdf"), DocumentPdfs.Invoice(agencies[last % agencies.Count], invoices[last]));
            File.WriteAllBytes(Path.Combine(folder, "act.pdf"), DocumentPdfs.Act(agencies[last % agencies.Count], invoices[last]));
            File.WriteAllBytes(Path.Combine(folder, "report.pdf"), reportPdf);
            Console.WriteLine($"Saved invoice.pdf, act.pdf and report.pdf in {folder}");
        }

        var figures = new Dictionary<string, List<double>>();
        var cpu = new Dictionary<string, List<double>>();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var threads in new[] { 1, options.Threads }.Distinct())
            {
                Throughput(figures, cpu, failures, $"invoices, {threads} thread(s)", threads, invoices, agencies, DocumentPdfs.Invoice, PdfCheck.Invoice);
                Throughput(figures, cpu, failures, $"acts, {threads} thread(s)", threads, invoices, agencies, DocumentPdfs.Act, PdfCheck.Act);
            }

            var report = inputs.Report(options.Lines);
            var clock = Stopwatch.StartNew();
            var pdf = DocumentPdfs.ReportDetail(agencies[0], report);
            Add(figures, "report warm", clock.Elapsed.TotalMilliseconds);
            Check(failures, "report detail", PdfCheck.ReportDetail(pdf, agencies[0], report));

            Add(figures, "report first", RunFirstReport(options, run, failures));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {string.Join(", ", figures.Select(figure => $"{figure.Key} {figure.Value[^1]:0.#}"))}; load average {LoadAverage()}"));
        }

        var loadAfter = LoadAverage();
        var load = $"load average {loadBefore} before, {loadAfter} after";
        string CpuNote(string key) => string.Create(CultureInfo.InvariantCulture, $"{BenchRow.MedianOf(cpu[key]):0.0} ms CPU per document; {load}");
        BenchRow Rate(string what, string key, int threads)
        {
            var runs = figures[key];
            var met = BenchRow.MedianOf(runs) >= DocumentsPerSecond;
            return new BenchRow(what, "/s", runs, [], "", $"≥ {DocumentsPerSecond} documents/s", met,
                (met ? "" : $"{DocumentsPerSecond - BenchRow.MedianOf(runs):0.#}/s short on {threads} thread(s); ") + CpuNote(key));
        }

        BenchRow Report(string what, string key, string why)
        {
            var runs = figures[key];
            var met = BenchRow.MedianOf(runs) <= ReportMilliseconds;
            return new BenchRow(what, "ms", runs, [], "", $"≤ {ReportMilliseconds} ms", met,
                (met ? "" : $"{BenchRow.MedianOf(runs) - ReportMilliseconds:0} ms over; {why}; ") + load);
        }

        List<BenchRow> rows =
        [
            Rate("invoice PDFs per second, 1 thread", "invoices, 1 thread(s)", 1),
            Rate($"invoice PDFs per second, {options.Threads} threads", $"invoices, {options.Threads} thread(s)", options.Threads),
            Rate("act PDFs per second, 1 thread", "acts, 1 thread(s)", 1),
            Rate($"act PDFs per second, {options.Threads} threads", $"acts, {options.Threads} thread(s)", options.Threads),
            Report($"report detail of {options.Lines} lines, first in a fresh process", "report first", "the first document pays for JIT and PDFsharp's font set-up"),
            Report($"report detail of {options.Lines} lines, warm", "report warm", "see the profile in bench/README.md"),
        ];
        await BenchResults.WriteAsync("documents", rows);
        foreach (var row in rows.Where(row => row.Note.Length > 0))
        {
            Console.WriteLine($"{row.What}: {row.Note}");
        }

        Console.WriteLine($"Load average: {loadBefore} before, {loadAfter} after (/proc/loadavg: 1, 5, 15 min)");
        foreach (var failure in failures.Distinct())
        {
            Console.WriteLine($"CHECK FAILED: {failure}");
        }

        return failures.Count > 0 ? 2 : rows.All(row => row.Met) ? 0 : 1;
    }

    /// <summary>
    /// Draws every invoice once, on the given number of threads taking the next one in turn (as the service's consumers
    /// would), timed; then checks each PDF with the clock stopped.
    /// </summary>
    private static void Throughput(
        Dictionary<string, List<double>> figures, Dictionary<string, List<double>> cpu, List<string> failures, string key, int threads,
        IReadOnlyList<InvoiceIssued> invoices, IReadOnlyList<Letterhead> agencies,
        Func<Letterhead, InvoiceIssued, byte[]> draw, Func<byte[], Letterhead, InvoiceIssued, string?> check)
    {
        var pdfs = new byte[invoices.Count][];
        var problems = new string?[invoices.Count];
        var next = -1;
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < invoices.Count)
            {
                try
                {
                    pdfs[index] = draw(agencies[index % agencies.Count], invoices[index]);
                }
                catch (Exception error)
                {
                    problems[index] = $"not drawn: {error.Message}";
                }
            }
        })).ToList();

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        workers.ForEach(worker => worker.Start());
        workers.ForEach(worker => worker.Join());
        clock.Stop();
        var cpuSpent = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        Add(figures, key, invoices.Count / clock.Elapsed.TotalSeconds);
        Add(cpu, key, cpuSpent.TotalMilliseconds / invoices.Count);
        for (var index = 0; index < invoices.Count; index++)
        {
            Check(failures, $"{key}, {invoices[index].InvoiceNumber}",
                problems[index] ?? check(pdfs[index], agencies[index % agencies.Count], invoices[index]));
        }
    }

    /// <summary>The report detail drawn once in a new process of this program: the first document after a service starts.</summary>
    private static double RunFirstReport(BenchOptions options, int run, List<string> failures)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self) { ArgumentList = { typeof(Program).Assembly.Location } }
            : new ProcessStartInfo(self);
        foreach (var argument in new[] { "--first-report", "--lines", $"{options.Lines}", "--seed", $"{options.Seed + run}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(line => line.StartsWith("first report ms ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            failures.Add($"first report (run {run}): exit {process.ExitCode}, {output.Trim()}");
            return double.NaN;
        }

        return double.Parse(line["first report ms ".Length..], CultureInfo.InvariantCulture);
    }

    private static int FirstReport(BenchOptions options)
    {
        var inputs = new Inputs(options.Seed);
        var agency = inputs.Agencies()[0];
        var report = inputs.Report(options.Lines);
        var clock = Stopwatch.StartNew();
        var pdf = DocumentPdfs.ReportDetail(agency, report);
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        if (PdfCheck.ReportDetail(pdf, agency, report) is { } problem)
        {
            Console.WriteLine($"report detail: {problem}");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first report ms {milliseconds}"));
        return 0;
    }

    private static void Check(List<string> failures, string what, string? problem)
    {
        if (problem is not null)
        {
            failures.Add($"{what}: {problem}");
        }
    }

    private static void Add(Dictionary<string, List<double>> figures, string key, double value)
    {
        if (!figures.TryGetValue(key, out var values))
        {
            figures[key] = values = [];
        }

        values.Add(value);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

/// <param name="Save">--save DIR: the warm-up's last invoice, act and report detail written there, to look at.</param>
internal sealed record BenchOptions(int Runs, int Documents, int Threads, int Lines, int Seed, bool FirstReportOnly, string? Save = null)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(5, 200, Environment.ProcessorCount, 300, 14, false);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--runs" => options with { Runs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--documents" => options with { Documents = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--threads" => options with { Threads = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--lines" => options with { Lines = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--first-report" => options with { FirstReportOnly = true },
                "--save" => options with { Save = args[++i] },
                _ => throw new ArgumentException($"Unknown option {args[i]}; known: --runs, --documents, --threads, --lines, --seed, --save DIR."),
            };
        }

        return options;
    }
}
