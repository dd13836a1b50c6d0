using System.Diagnostics;
using System.Globalization;
using Clearhours.Messaging;
using MassTransit;
using Npgsql;

namespace Clearhours.Bench.Payments;

/// <summary>
/// Pushes payments through the whole chain, PaymentReceived → PaymentApplied/InvoicePaid → ReportPaid → time paid, on
/// the running system (outbox and inbox on), against the baseline of sending the same messages to a queue nothing reads.
/// </summary>
internal static class Program
{
    private const double TargetPerSecond = 300;
    private const double TargetP95Ms = 1000;

    private static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var options = Options.Parse(args);
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {options}");

        var clock = Stopwatch.StartNew();
        await using var system = await RunningSystem.StartAsync(options.Replicas);
        Console.WriteLine($"System started in {clock.Elapsed.TotalSeconds:0} s");

        clock.Restart();
        var reports = await Agency.ApproveReportsAsync(system, options.Companies, options.Months, options.Shape);
        var (billingDb, reportingDb, tasksDb, documentsDb) = (
            await system.ConnectionStringAsync("billingdb"), await system.ConnectionStringAsync("reportingdb"),
            await system.ConnectionStringAsync("tasksdb"), await system.ConnectionStringAsync("documentsdb"));
        await WaitForInvoicesAsync(billingDb, reportingDb, documentsDb, reports);
        Console.WriteLine($"{reports.Count} reports approved and invoiced, their documents drawn, in {clock.Elapsed.TotalSeconds:0} s");

        var broker = BrokerAddress.Parse(await system.ConnectionStringAsync("messaging"));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
        {
            host.Username(broker.Username);
            host.Password(broker.Password);
            host.PublisherConfirmation = true;
        }));
        await bus.StartAsync();
        try
        {
            var burst = new PaymentBurst(bus, billingDb, reportingDb, tasksDb, system.ProcessMarkers);
            if (options.SoakMinutes > 0)
            {
                return await SoakAsync(options, system, burst, await PaymentBurst.InvoicesAsync(billingDb, reports), reports);
            }

            // Each round: one group of reports paid flat out (capacity), the next at the target rate (latency).
            var groups = reports.Select((report, i) => (report, i)).GroupBy(x => x.i % (2 * options.Rounds), x => x.report).Select(g => g.ToList()).ToList();
            var rounds = new List<Round>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var (capacityReports, latencyReports) = (groups[2 * round], groups[2 * round + 1]);
                var capacityPlan = PaymentBurst.Plan(await PaymentBurst.InvoicesAsync(billingDb, capacityReports), options.Parts, options.TwiceEvery, $"cap{round}");
                var latencyPlan = PaymentBurst.Plan(await PaymentBurst.InvoicesAsync(billingDb, latencyReports), options.Parts, options.TwiceEvery, $"lat{round}");
                var baseline = await burst.BaselinePerSecondAsync(capacityPlan);
                await WaitForQuietAsync(system);
                var capacity = await burst.RunAsync(capacityPlan, capacityReports, perSecond: 0);
                await WaitForQuietAsync(system);
                var latency = await burst.RunAsync(latencyPlan, latencyReports, options.Rate);
                rounds.Add(new Round(baseline, capacity, latency));
                PrintRound(round + 1, options, rounds[^1]);
            }

            Console.WriteLine($"Telemetry: {system.TelemetryExports} OTLP exports received from the services");
            return await ReportAsync(options, rounds, system.TelemetryExports);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// Payments at a steady rate for the given minutes, every service's resident memory sampled every 5 s: what it holds
    /// in the second minute (warm) against the last, which should not grow by more than 10 %.
    /// </summary>
    private static async Task<int> SoakAsync(
        Options options, RunningSystem system, PaymentBurst burst, IReadOnlyList<IssuedInvoice> invoices, IReadOnlyList<ApprovedReport> reports)
    {
        const double TargetGrowth = 10;
        var messages = options.Rate * options.SoakMinutes * 60;
        var parts = (int)Math.Ceiling(messages / (1 + 1.0 / options.TwiceEvery) / invoices.Count);
        var plan = PaymentBurst.Plan(invoices, parts, options.TwiceEvery, "soak");
        Console.WriteLine($"Soak: {plan.Count} payments ({invoices.Count} invoices in {parts} parts) at {options.Rate:0} messages/s");
        await WaitForQuietAsync(system);

        using var sampling = new CancellationTokenSource();
        var samples = SampleMemoryAsync(system.ProcessMarkers, sampling.Token);
        var result = await burst.RunAsync(plan, reports, options.Rate);
        await sampling.CancelAsync();
        var memory = await samples;

        Console.WriteLine();
        Console.WriteLine($"| minute | {string.Join(" | ", memory.Services)} |");
        Console.WriteLine($"|---|{string.Concat(memory.Services.Select(_ => "---|"))}");
        foreach (var minute in memory.Minutes())
        {
            Console.WriteLine($"| {minute + 1} | {string.Join(" | ", memory.Services.Select(service => $"{memory.MedianMegabytes(service, minute):0}"))} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Published {result.Published} messages in {result.PublishedIn.TotalMinutes:0.0} min; publish → applied p50 / p95 / max ms {Percentiles(result.AppliedLatencyMs)}; " +
            $"last part → time paid {Percentiles(result.TimePaidLatencyMs)}; CPU ms per payment {result.CpuMsPerPayment():0.0}");
        foreach (var failure in result.Failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        var growth = memory.Services.ToDictionary(service => service, memory.GrowthPercent);
        var worst = growth.MaxBy(pair => Math.Abs(pair.Value));
        BenchRow[] rows =
        [
            new($"payments soak, {options.SoakMinutes} min at {options.Rate:0}/s: each service's resident memory, second minute → last minute (min / median / max over the services)",
                "%", [.. growth.Values], [], "", $"within ± {TargetGrowth:0} % for every service",
                growth.Values.All(g => Math.Abs(g) <= TargetGrowth),
                $"most: {worst.Key} {worst.Value:+0.0;-0.0} % ({string.Join(", ", growth.Select(pair => $"{pair.Key.Replace("Clearhours.", "", StringComparison.Ordinal)} {memory.MedianMegabytes(pair.Key, 1):0} → {memory.LastMinuteMegabytes(pair.Key):0} MB"))})"),
            new("payments soak: lost, duplicated or wrong", "", [result.Failures.Count], [], "", "0", result.Failures.Count == 0,
                $"publish → applied p95 {Percentile(result.AppliedLatencyMs, 0.95):0} ms, CPU {result.CpuMsPerPayment():0.0} ms per payment"),
        ];
        await BenchResults.WriteAsync("soak", rows);
        return rows.All(row => row.Met) ? 0 : 1;
    }

    private static async Task<MemorySamples> SampleMemoryAsync(IReadOnlyList<string> markers, CancellationToken stop)
    {
        var samples = new MemorySamples();
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            samples.Add(clock.Elapsed, ProcessCpu.ResidentMegabytes(markers));
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }

    private static async Task WaitForQuietAsync(RunningSystem system)
    {
        var (waited, quiet) = await ProcessCpu.WaitForQuietAsync(system.ProcessMarkers, TimeSpan.FromMinutes(3));
        Console.WriteLine(quiet
            ? $"The system went quiet after {waited.TotalSeconds:0} s"
            : $"The system was still busy after {waited.TotalSeconds:0} s: the next burst shares the cores with its backlog");
    }

    private static void PrintRound(int number, Options options, Round round)
    {
        var (capacity, latency) = (round.Capacity, round.Latency);
        Console.WriteLine();
        Console.WriteLine($"Round {number}");
        Console.WriteLine($"| | flat out | at {options.Rate:0}/s |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| messages published (distinct payments) | {capacity.Published} ({capacity.Distinct}) | {latency.Published} ({latency.Distinct}) |");
        Console.WriteLine($"| published in | {capacity.PublishedIn.TotalSeconds:0.00} s | {latency.PublishedIn.TotalSeconds:0.00} s |");
        Console.WriteLine($"| payments applied by Billing per second | {capacity.AppliedPerSecond:0} | {latency.AppliedPerSecond:0} |");
        Console.WriteLine($"| payments through to time paid per second | {capacity.PaidPerSecond:0} | {latency.PaidPerSecond:0} |");
        Console.WriteLine($"| publish → applied, p50 / p95 / max ms | {Percentiles(capacity.AppliedLatencyMs)} | {Percentiles(latency.AppliedLatencyMs)} |");
        Console.WriteLine($"| last part published → time paid, p50 / p95 / max ms | {Percentiles(capacity.TimePaidLatencyMs)} | {Percentiles(latency.TimePaidLatencyMs)} |");
        Console.WriteLine($"| baseline: the same messages sent with confirms to a queue nothing reads | {round.Baseline:0}/s | |");
        Console.WriteLine($"| chain rate ÷ baseline | {capacity.PaidPerSecond / round.Baseline:0.00} | |");
        foreach (var component in capacity.CpuSeconds.Keys.Union(latency.CpuSeconds.Keys).Order())
        {
            Console.WriteLine($"| CPU ms per payment: {component} | {capacity.CpuMsPerPayment(component):0.0} | {latency.CpuMsPerPayment(component):0.0} |");
        }

        Console.WriteLine($"| CPU ms per payment: all | {capacity.CpuMsPerPayment():0.0} | {latency.CpuMsPerPayment():0.0} |");
        foreach (var failure in capacity.Failures.Select(f => $"flat out: {f}").Concat(latency.Failures.Select(f => $"at {options.Rate:0}/s: {f}")))
        {
            Console.WriteLine($"FAILED: {failure}");
        }
    }

    private static async Task<int> ReportAsync(Options options, IReadOnlyList<Round> rounds, int telemetryExports)
    {
        var cpuBudget = Environment.ProcessorCount * 1000 / TargetPerSecond;
        var lostOrDuplicated = rounds.Select(r => (double)(r.Capacity.Failures.Count + r.Latency.Failures.Count)).ToList();
        var rates = rounds.Select(r => r.Capacity.PaidPerSecond).ToList();
        var p95s = rounds.Select(r => Percentile(r.Latency.TimePaidLatencyMs, 0.95)).ToList();
        var cpu = rounds.Select(r => r.Capacity.CpuMsPerPayment()).ToList();
        var biggest = rounds[0].Capacity.CpuSeconds.OrderByDescending(pair => pair.Value).Take(3)
            .Select(pair => $"{pair.Key} {BenchRow.MedianOf([.. rounds.Select(r => r.Capacity.CpuMsPerPayment(pair.Key))]):0.0}");
        var note = $"CPU ms per payment, median: {string.Join(", ", biggest)}";
        var scale = options.Replicas > 1 ? $", {options.Replicas} processes of each service" : "";
        BenchRow[] rows =
        [
            new($"payments end to end, flat out (PaymentReceived → time paid), outbox and inbox on{scale}", "/s", rates,
                rounds.Select(r => r.Baseline).ToList(), "RabbitMQ sends of the same messages with confirms",
                $"≥ {TargetPerSecond:0}/s", BenchRow.MedianOf(rates) >= TargetPerSecond, note),
            new($"payments at {options.Rate:0}/s: last part published → time paid, p95{scale}", "ms", p95s, [], "",
                $"≤ {TargetP95Ms:0} ms", BenchRow.MedianOf(p95s) <= TargetP95Ms,
                $"offered at {options.Rate:0}/s to a chain that clears {BenchRow.MedianOf(rates):0}/s flat out (median of the rounds)"),
            new($"payments: CPU used by every process per payment, flat out{scale}", "ms", cpu, [], "",
                $"≤ {cpuBudget:0.0} ms ({Environment.ProcessorCount} cores ÷ {TargetPerSecond:0}/s)", BenchRow.MedianOf(cpu) <= cpuBudget,
                (BenchRow.MedianOf(cpu) <= cpuBudget ? "" : $"{BenchRow.MedianOf(cpu) / cpuBudget:0.0} × the budget; ") +
                "each payment is ~2.4 consumed messages and ~10 round trips over three databases, no single cost large (bench/README, Payments: the profiles under Figures)"),
            new($"payments: lost, duplicated or wrong (every check of every round){scale}", "", lostOrDuplicated, [], "",
                "0 in every round", lostOrDuplicated.All(count => count == 0),
                telemetryExports == 0 ? "no telemetry export reached the sink" : ""),
        ];
        // bench/run names the run with 2 processes of each service apart ("payments-2").
        await BenchResults.WriteAsync(options.Replicas > 1 ? $"payments-{options.Replicas}" : "payments", rows);
        return rows.All(row => row.Met) ? 0 : 1;
    }

    private static string Percentiles(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? "—" : $"{Percentile(sorted, 0.5):0} / {Percentile(sorted, 0.95):0} / {sorted[^1]:0}";

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>
    /// Billing issues the invoices, Reporting moves the cards to Invoiced, Documents draws each report's detail, invoice
    /// and act, all from events: wait for all, so that the payments do not share the cores with that backlog.
    /// </summary>
    private static async Task WaitForInvoicesAsync(string billingDb, string reportingDb, string documentsDb, IReadOnlyList<ApprovedReport> reports)
    {
        var ids = reports.Select(r => r.ReportId).ToArray();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var invoiced = await CountAsync(billingDb, "SELECT count(*) FROM invoices WHERE report_id = ANY(@ids)", ids);
            var cards = await CountAsync(reportingDb, "SELECT count(*) FROM reports WHERE id = ANY(@ids) AND status = 'Invoiced'", ids);
            var documents = await CountAsync(documentsDb, "SELECT count(DISTINCT (report_id, kind)) FROM documents WHERE report_id = ANY(@ids)", ids);
            if (invoiced == ids.Length && cards == ids.Length && documents == 3 * ids.Length)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"{invoiced} invoices, {cards} Invoiced cards and {documents} documents of {ids.Length} reports after 5 min.");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<long> CountAsync(string database, string sql, Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private sealed record Round(double Baseline, BurstResult Capacity, BurstResult Latency);

    private sealed record Options(int Companies, int Months, int Parts, double Rate, int TwiceEvery, int Rounds, int SoakMinutes, int Replicas, ReportShape Shape)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(Companies: 80, Months: 10, Parts: 5, Rate: TargetPerSecond, TwiceEvery: 10, Rounds: 5, SoakMinutes: 0, Replicas: 1,
                Shape: new ReportShape(Tasks: 1, EntriesPerTask: 3));
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--companies" => options with { Companies = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--months" => options with { Months = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--parts" => options with { Parts = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--rate" => options with { Rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--twice-every" => options with { TwiceEvery = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--rounds" => options with { Rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--soak" => options with { SoakMinutes = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--replicas" => options with { Replicas = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--lines" => options with { Shape = options.Shape with { Tasks = int.Parse(args[i + 1], CultureInfo.InvariantCulture) } },
                    "--entries" => options with { Shape = options.Shape with { EntriesPerTask = int.Parse(args[i + 1], CultureInfo.InvariantCulture) } },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; known: --companies --months --parts --rate --twice-every --rounds --soak --replicas --lines --entries"),
                };
            }

            if (options.Shape.Tasks < 1 || options.Shape.EntriesPerTask < 3 || options.Shape.EntriesPerTask % 3 != 0)
            {
                throw new ArgumentException("--lines must be 1 or more, --entries a multiple of 3 (every three entries come to 4.75 h).");
            }

            return options;
        }

        public override string ToString() => (SoakMinutes > 0
            ? $"{Companies} companies × {Months} months of reports, paid for {SoakMinutes} min at {Rate:0} messages/s, every {TwiceEvery}th part published twice"
            : $"{Companies} companies × {Months} months of reports, each invoice paid in {Parts} parts, every {TwiceEvery}th part published twice; {Rounds} rounds")
            + $"; {Shape}" + (Replicas > 1 ? $"; {Replicas} processes of each service" : "");
    }
}
