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
        await using var system = await RunningSystem.StartAsync();
        Console.WriteLine($"System started in {clock.Elapsed.TotalSeconds:0} s");

        clock.Restart();
        var reports = await Agency.ApproveReportsAsync(system, options.Companies, options.Months);
        var (billingDb, reportingDb, tasksDb) = (
            await system.ConnectionStringAsync("billingdb"), await system.ConnectionStringAsync("reportingdb"), await system.ConnectionStringAsync("tasksdb"));
        await WaitForInvoicesAsync(billingDb, reportingDb, reports);
        Console.WriteLine($"{reports.Count} reports approved and invoiced in {clock.Elapsed.TotalSeconds:0} s");

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
            var burst = new PaymentBurst(bus, billingDb, reportingDb, tasksDb);
            // Half the reports measure how fast the chain goes flat out; the other half the latency at the target rate.
            var capacityReports = reports.Where(r => r.From.Month <= options.Months / 2).ToList();
            var latencyReports = reports.Except(capacityReports).ToList();
            var capacityPlan = PaymentBurst.Plan(await PaymentBurst.InvoicesAsync(billingDb, capacityReports), options.Parts, options.TwiceEvery, "cap");
            var latencyPlan = PaymentBurst.Plan(await PaymentBurst.InvoicesAsync(billingDb, latencyReports), options.Parts, options.TwiceEvery, "lat");

            var baseline = await burst.BaselinePerSecondAsync(capacityPlan);
            var capacity = await burst.RunAsync(capacityPlan, capacityReports, perSecond: 0);
            var latency = await burst.RunAsync(latencyPlan, latencyReports, options.Rate);
            return Report(options, baseline, capacity, latency);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static int Report(Options options, double baseline, BurstResult capacity, BurstResult latency)
    {
        Console.WriteLine();
        Console.WriteLine($"| | flat out | at {options.Rate:0}/s |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| messages published (distinct payments) | {capacity.Published} ({capacity.Distinct}) | {latency.Published} ({latency.Distinct}) |");
        Console.WriteLine($"| published in | {capacity.PublishedIn.TotalSeconds:0.00} s | {latency.PublishedIn.TotalSeconds:0.00} s |");
        Console.WriteLine($"| payments applied by Billing per second | {capacity.AppliedPerSecond:0} | {latency.AppliedPerSecond:0} |");
        Console.WriteLine($"| payments through to time paid per second | {capacity.PaidPerSecond:0} | {latency.PaidPerSecond:0} |");
        Console.WriteLine($"| publish → applied, p50 / p95 / max ms | {Percentiles(capacity.AppliedLatencyMs)} | {Percentiles(latency.AppliedLatencyMs)} |");
        Console.WriteLine($"| last part published → time paid, p50 / p95 / max ms | {Percentiles(capacity.TimePaidLatencyMs)} | {Percentiles(latency.TimePaidLatencyMs)} |");
        Console.WriteLine($"| baseline: the same messages sent with confirms to a queue nothing reads | {baseline:0}/s | |");
        Console.WriteLine($"| chain rate ÷ baseline | {capacity.PaidPerSecond / baseline:0.00} | |");
        Console.WriteLine();

        var missed = capacity.Failures.Select(f => $"flat out: {f}").Concat(latency.Failures.Select(f => $"at {options.Rate:0}/s: {f}")).ToList();
        if (capacity.PaidPerSecond < TargetPerSecond)
        {
            missed.Add($"target: {TargetPerSecond} payments/s through to time paid; flat out made {capacity.PaidPerSecond:0}/s");
        }

        if (Percentile(latency.TimePaidLatencyMs, 0.95) > TargetP95Ms)
        {
            missed.Add($"target: p95 publish → time paid ≤ {TargetP95Ms} ms at {options.Rate:0}/s; it was {Percentile(latency.TimePaidLatencyMs, 0.95):0} ms");
        }

        foreach (var miss in missed)
        {
            Console.WriteLine($"MISSED: {miss}");
        }

        Console.WriteLine(missed.Count == 0 ? "All targets met: 0 lost, 0 duplicated." : $"{missed.Count} missed.");
        return missed.Count == 0 ? 0 : 1;
    }

    private static string Percentiles(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? "—" : $"{Percentile(sorted, 0.5):0} / {Percentile(sorted, 0.95):0} / {sorted[^1]:0}";

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Billing issues the invoices and Reporting moves the cards to Invoiced, both from events: wait for all.</summary>
    private static async Task WaitForInvoicesAsync(string billingDb, string reportingDb, IReadOnlyList<ApprovedReport> reports)
    {
        var ids = reports.Select(r => r.ReportId).ToArray();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var invoiced = await CountAsync(billingDb, "SELECT count(*) FROM invoices WHERE report_id = ANY(@ids)", ids);
            var cards = await CountAsync(reportingDb, "SELECT count(*) FROM reports WHERE id = ANY(@ids) AND status = 'Invoiced'", ids);
            if (invoiced == ids.Length && cards == ids.Length)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{invoiced} invoices and {cards} Invoiced cards of {ids.Length} reports after 5 min.");
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

    private sealed record Options(int Companies, int Months, int Parts, double Rate, int TwiceEvery)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(Companies: 40, Months: 10, Parts: 5, Rate: TargetPerSecond, TwiceEvery: 10);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                options = args[i] switch
                {
                    "--companies" => options with { Companies = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--months" => options with { Months = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--parts" => options with { Parts = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--rate" => options with { Rate = double.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    "--twice-every" => options with { TwiceEvery = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"Unknown option {args[i]}; known: --companies --months --parts --rate --twice-every"),
                };
            }

            return options;
        }

        public override string ToString() =>
            $"{Companies} companies × {Months} months of reports, each invoice paid in {Parts} parts, every {TwiceEvery}th part published twice";
    }
}
