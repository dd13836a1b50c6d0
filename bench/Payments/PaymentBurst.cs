using System.Collections.Concurrent;
using System.Diagnostics;
using Clearhours.Contracts.Billing;
using MassTransit;
using Npgsql;

namespace Clearhours.Bench.Payments;

/// <summary>An issued invoice as Billing stores it.</summary>
internal sealed record IssuedInvoice(Guid Id, string Number, string PaymentReference, decimal Total, Guid ReportId);

/// <summary>One payment to publish: a part of an invoice; <see cref="Last"/> is the part that pays it off.</summary>
internal sealed record PlannedPayment(PaymentReceived Message, IssuedInvoice Invoice, bool Last, bool SentTwice);

/// <summary>What a burst did, read back from the three databases.</summary>
internal sealed record BurstResult(
    int Published, int Distinct, TimeSpan PublishedIn, double AppliedPerSecond, double PaidPerSecond,
    IReadOnlyList<double> AppliedLatencyMs, IReadOnlyList<double> TimePaidLatencyMs, IReadOnlyList<string> Failures,
    IReadOnlyDictionary<string, double> CpuSeconds)
{
    /// <summary>Milliseconds of CPU per distinct payment that each component used from the first publish to the last time paid.</summary>
    public double CpuMsPerPayment(string component) => CpuSeconds.GetValueOrDefault(component) * 1000 / Distinct;

    /// <summary>The same, of every process together.</summary>
    public double CpuMsPerPayment() => CpuSeconds.Values.Sum() * 1000 / Distinct;
}

/// <summary>
/// Publishes PaymentReceived for a set of invoices, each paid in parts (some parts published twice, under new message
/// ids), at a given rate or as fast as the broker confirms, and follows every payment to the time paid in Tasks.
/// </summary>
internal sealed class PaymentBurst(IBus bus, string billingDb, string reportingDb, string tasksDb, IReadOnlyList<string> processMarkers)
{
    private const int InFlight = 64;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Every invoice's parts, in rounds: the first part of each invoice, then the second, and so on.</summary>
    public static List<PlannedPayment> Plan(IReadOnlyList<IssuedInvoice> invoices, int parts, int everyNthTwice, string run)
    {
        var planned = new List<PlannedPayment>();
        for (var part = 0; part < parts; part++)
        {
            foreach (var (invoice, i) in invoices.Select((invoice, i) => (invoice, i)))
            {
                var share = Math.Floor(invoice.Total / parts * 100m) / 100m;
                var amount = part < parts - 1 ? share : invoice.Total - share * (parts - 1);
                // Half the invoices are named by their payment reference, half by their number, as banks do.
                var reference = i % 2 == 0 ? invoice.PaymentReference : invoice.Number;
                var message = new PaymentReceived("bench", $"{run}-{invoice.Number}-{part}", reference, amount, "BYN",
                    DateTimeOffset.UtcNow, "ООО «Клиент»", "BY20ALFA30120000000000000000", $"Оплата по счёту {invoice.Number}, часть {part + 1}");
                planned.Add(new PlannedPayment(message, invoice, part == parts - 1, planned.Count % everyNthTwice == 0));
            }
        }

        return planned;
    }

    /// <summary>Publishes the plan (<paramref name="perSecond"/> 0: as fast as confirms come) and waits until all the time is paid.</summary>
    public async Task<BurstResult> RunAsync(IReadOnlyList<PlannedPayment> plan, IReadOnlyList<ApprovedReport> reports, double perSecond)
    {
        var publishedAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var cpuBefore = ProcessCpu.Snapshot(processMarkers);
        var stopwatch = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var messages = plan.SelectMany(p => p.SentTwice ? new[] { p, p } : [p]).ToList();
        using var slots = new SemaphoreSlim(InFlight);
        var publishes = new List<Task>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            if (perSecond > 0 && TimeSpan.FromSeconds(i / perSecond) - stopwatch.Elapsed is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            await slots.WaitAsync();
            var payment = messages[i];
            publishedAt.TryAdd(payment.Message.ExternalId, DateTimeOffset.UtcNow);
            publishes.Add(PublishAsync(payment.Message, slots));
        }

        await Task.WhenAll(publishes);
        var publishedIn = stopwatch.Elapsed;
        var failures = new List<string>();
        await WaitUntilPaidAsync(reports, failures);
        var cpu = ProcessCpu.Between(cpuBefore, ProcessCpu.Snapshot(processMarkers));
        return await ReadBackAsync(plan, reports, publishedAt, started, messages.Count, publishedIn, failures, cpu);
    }

    /// <summary>The baseline: the same messages sent with confirms to a queue nothing reads, as fast as confirms come.</summary>
    public async Task<double> BaselinePerSecondAsync(IReadOnlyList<PlannedPayment> plan)
    {
        var endpoint = await bus.GetSendEndpoint(new Uri("queue:bench-baseline"));
        await endpoint.Send(plan[0].Message); // creates the queue, outside the timing
        var messages = plan.SelectMany(p => p.SentTwice ? new[] { p, p } : [p]).ToList();
        using var slots = new SemaphoreSlim(InFlight);
        var stopwatch = Stopwatch.StartNew();
        var sends = new List<Task>(messages.Count);
        foreach (var payment in messages)
        {
            await slots.WaitAsync();
            sends.Add(SendAsync(endpoint, payment.Message, slots));
        }

        await Task.WhenAll(sends);
        return messages.Count / stopwatch.Elapsed.TotalSeconds;
    }

    public static async Task<IReadOnlyList<IssuedInvoice>> InvoicesAsync(string billingDb, IReadOnlyList<ApprovedReport> reports)
    {
        await using var connection = new NpgsqlConnection(billingDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, number, payment_reference, total, report_id FROM invoices WHERE report_id = ANY(@reports) AND status = 'Issued' ORDER BY number", connection);
        command.Parameters.AddWithValue("reports", reports.Select(r => r.ReportId).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var invoices = new List<IssuedInvoice>();
        while (await reader.ReadAsync())
        {
            invoices.Add(new IssuedInvoice(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetGuid(4)));
        }

        return invoices;
    }

    private async Task PublishAsync(PaymentReceived message, SemaphoreSlim slots)
    {
        try
        {
            await bus.Publish(message);
        }
        finally
        {
            slots.Release();
        }
    }

    private static async Task SendAsync(ISendEndpoint endpoint, PaymentReceived message, SemaphoreSlim slots)
    {
        try
        {
            await endpoint.Send(message);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task WaitUntilPaidAsync(IReadOnlyList<ApprovedReport> reports, List<string> failures)
    {
        var expected = reports.Sum(r => r.EntryCount);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var paid = await ScalarAsync(tasksDb, """SELECT count(*) FROM time_entries WHERE "ReportId" = ANY(@reports) AND "PaidAt" IS NOT NULL""", reports);
            if (paid == expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                failures.Add($"After {Patience.TotalMinutes} min {paid} of {expected} time entries are paid.");
                return;
            }

            await Task.Delay(100);
        }
    }

    private async Task<BurstResult> ReadBackAsync(
        IReadOnlyList<PlannedPayment> plan, IReadOnlyList<ApprovedReport> reports, ConcurrentDictionary<string, DateTimeOffset> publishedAt,
        DateTimeOffset started, int published, TimeSpan publishedIn, List<string> failures, IReadOnlyDictionary<string, double> cpu)
    {
        // Billing: each distinct payment once, applied; each invoice paid to the kopeck, with no credit left over.
        var applied = new Dictionary<string, DateTimeOffset>();
        await using (var billing = new NpgsqlConnection(billingDb))
        {
            await billing.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT external_id, received_at, status FROM payments WHERE source = 'bench' AND external_id = ANY(@ids)", billing);
            command.Parameters.AddWithValue("ids", plan.Select(p => p.Message.ExternalId).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!applied.TryAdd(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)))
                {
                    failures.Add($"Payment {reader.GetString(0)} is stored twice.");
                }

                if (reader.GetString(2) != "Applied")
                {
                    failures.Add($"Payment {reader.GetString(0)} is {reader.GetString(2)}.");
                }
            }
        }

        Expect(failures, "payments stored", applied.Count, plan.Count);
        var invoiceIds = plan.Select(p => p.Invoice.Id).Distinct().ToArray();
        Expect(failures, "invoices paid in full",
            await ScalarAsync(billingDb, "SELECT count(*) FROM invoices WHERE id = ANY(@ids) AND status = 'Paid' AND paid_amount = total", invoiceIds), invoiceIds.Length);
        Expect(failures, "payment lines on the invoices' ledgers",
            await ScalarAsync(billingDb, "SELECT count(*) FROM invoice_ledger WHERE invoice_id = ANY(@ids) AND kind = 'PaymentApplied'", invoiceIds), plan.Count);
        Expect(failures, "credit left by the payments",
            await ScalarAsync(billingDb, "SELECT count(*) FROM client_credits WHERE invoice_id = ANY(@ids)", invoiceIds), 0);
        foreach (var report in reports)
        {
            if (plan.First(p => p.Invoice.ReportId == report.ReportId).Invoice.Total != report.ExpectedTotal)
            {
                failures.Add($"The invoice of {report.Number} is not the {report.ExpectedTotal} computed here.");
            }
        }

        // Reporting: every report Paid. Tasks: every entry paid, and when.
        var reportIds = reports.Select(r => r.ReportId).ToArray();
        Expect(failures, "reports Paid", await ScalarAsync(reportingDb, "SELECT count(*) FROM reports WHERE id = ANY(@ids) AND status = 'Paid'", reportIds), reports.Count);
        var timePaid = await TimePaidAsync(reportIds);
        Expect(failures, "reports whose time is paid", timePaid.Count, reports.Count);

        var lastApplied = applied.Values.DefaultIfEmpty(started).Max();
        var lastPaid = timePaid.Values.DefaultIfEmpty(started).Max();
        var appliedLatency = plan.Where(p => applied.ContainsKey(p.Message.ExternalId))
            .Select(p => (applied[p.Message.ExternalId] - publishedAt[p.Message.ExternalId]).TotalMilliseconds).Order().ToList();
        var paidLatency = plan.Where(p => p.Last && timePaid.ContainsKey(p.Invoice.ReportId))
            .Select(p => (timePaid[p.Invoice.ReportId] - publishedAt[p.Message.ExternalId]).TotalMilliseconds).Order().ToList();
        return new BurstResult(published, plan.Count, publishedIn,
            applied.Count / (lastApplied - started).TotalSeconds, plan.Count / (lastPaid - started).TotalSeconds,
            appliedLatency, paidLatency, failures, cpu);
    }

    /// <summary>When each report's last time entry was marked paid in Tasks.</summary>
    private async Task<Dictionary<Guid, DateTimeOffset>> TimePaidAsync(Guid[] reportIds)
    {
        await using var connection = new NpgsqlConnection(tasksDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT "ReportId", max("UpdatedAt") FROM time_entries WHERE "ReportId" = ANY(@ids) AND "PaidAt" IS NOT NULL GROUP BY "ReportId" """, connection);
        command.Parameters.AddWithValue("ids", reportIds);
        await using var reader = await command.ExecuteReaderAsync();
        var paid = new Dictionary<Guid, DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            paid[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return paid;
    }

    private static Task<long> ScalarAsync(string database, string sql, IReadOnlyList<ApprovedReport> reports) =>
        ScalarAsync(database, sql.Replace("@reports", "@ids", StringComparison.Ordinal), reports.Select(r => r.ReportId).ToArray());

    private static async Task<long> ScalarAsync(string database, string sql, Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static void Expect(List<string> failures, string what, long actual, long expected)
    {
        if (actual != expected)
        {
            failures.Add($"{what}: {actual}, expected {expected}");
        }
    }
}
