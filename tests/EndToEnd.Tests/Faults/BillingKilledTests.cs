using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// "Billing killed": kill -9 of Billing three times during a burst of payments published by an outside
/// system, restarting it each time; afterwards nothing lost, nothing applied twice, every outbox drained, health back.
/// Sizes: see README.md beside this file (CLEARHOURS_FAULTS=full for the issue's 2 000 payments over 200 invoices).
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class BillingKilledTests(FaultSystemFixture system, ITestOutputHelper output)
{
    private const string Billing = "billing-api";
    private const string Source = "fault-bank";
    private const int Kills = 3;
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(60);

    /// <summary>Events no service consumes (docs/architecture.md): the relay keeps them, unroutable, until it drops them.</summary>
    private static readonly HashSet<string> ConsumedByNoOne = ["Clearhours.Contracts.Reporting.ReportSent"];

    private sealed record Size(int Companies, int Months, int PartsPerInvoice, int EveryNthTwice, double PerSecond, TimeSpan SettleWithin);

    /// <summary>One distinct payment of the ledger of what was sent.</summary>
    private sealed record Payment(string ExternalId, IssuedInvoice Invoice, decimal Amount, string Body, bool SentTwice);

    private static Size Chosen => Environment.GetEnvironmentVariable("CLEARHOURS_FAULTS") == "full"
        ? new Size(Companies: 20, Months: 10, PartsPerInvoice: 10, EveryNthTwice: 7, PerSecond: 25, SettleWithin: TimeSpan.FromMinutes(10))
        : new Size(Companies: 10, Months: 3, PartsPerInvoice: 10, EveryNthTwice: 7, PerSecond: 6, SettleWithin: TimeSpan.FromMinutes(4));

    [Fact]
    public async Task Billing_killed_three_times_during_a_payment_burst_loses_nothing_and_applies_nothing_twice()
    {
        var size = Chosen;
        var clock = Stopwatch.StartNew();
        var invoices = await IssuedInvoices.CreateAsync(system, size.Companies, size.Months);
        output.WriteLine($"Setup: {invoices.Count} invoices issued in {clock.Elapsed.TotalSeconds:F0} s.");

        var run = Guid.NewGuid().ToString("N")[..8];
        var plan = Plan(invoices, size, run);
        var sends = Sequence(plan);

        // The burst and the killer run together; the killer waits for Billing's progress, so each kill hits it at work.
        var acked = new ConcurrentDictionary<string, bool>();
        var failedPublishes = new ConcurrentBag<string>();
        var published = 0;
        var burstClock = Stopwatch.StartNew();
        var burst = Task.Run(async () =>
        {
            var factory = new ConnectionFactory { Uri = new Uri(await system.ConnectionStringAsync("messaging")) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            for (var i = 0; i < sends.Count; i++)
            {
                if (TimeSpan.FromSeconds(i / size.PerSecond) - burstClock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                var payment = sends[i];
                // As an outside system does: durable plain JSON to the fanout exchange, a message id of its own per send.
                var properties = new BasicProperties
                {
                    ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString(),
                };
                try
                {
                    // With confirmation tracking this returns once the broker confirmed, and throws on a nack or a return.
                    await channel.BasicPublishAsync("clearhours.payments", "", mandatory: true, properties, Encoding.UTF8.GetBytes(payment.Body));
                    acked[payment.ExternalId] = true;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    failedPublishes.Add($"{payment.ExternalId}: {error.Message}");
                }

                Interlocked.Increment(ref published);
            }

            return burstClock.Elapsed;
        });

        var kills = new List<string>();
        var distinct = plan.Count;
        for (var k = 1; k <= Kills; k++)
        {
            // At 20 %, 45 % and 70 % of the payments applied: each kill finds Billing at work, the first while the
            // burst is still being published, the later ones (Billing restarts slowly on 2 cores) while it works off
            // what arrived while it was down.
            var threshold = (long)(distinct * (0.2 + 0.25 * (k - 1)));
            var waitUntil = DateTime.UtcNow + size.SettleWithin;
            long applied;
            while ((applied = await AppliedCountAsync(run)) < threshold)
            {
                if (DateTime.UtcNow > waitUntil)
                {
                    throw new TimeoutException(
                        $"Billing applied {applied} of {distinct} payments, short of the {threshold} for kill {k}, within {size.SettleWithin.TotalMinutes} min; kills so far: {string.Join("; ", kills)}");
                }

                await Task.Delay(50);
            }

            var pid = await system.KillAsync(Billing, TimeSpan.FromSeconds(60));
            var at = $"kill {k} (pid {pid}) at {burstClock.Elapsed.TotalSeconds:F0} s: {Volatile.Read(ref published)} of {sends.Count} published, {applied} applied";
            var restartedIn = await system.StartAgainAsync(Billing, pid, TimeSpan.FromMinutes(4));
            kills.Add($"{at}, Healthy again in {restartedIn.TotalSeconds:F0} s");
            output.WriteLine(kills[^1]);
        }

        var publishedIn = await burst;
        output.WriteLine($"Burst: {sends.Count} messages published in {publishedIn.TotalSeconds:F0} s; the last restart Healthy at {burstClock.Elapsed.TotalSeconds:F0} s.");

        // Recovery: every invoice's paid amount as the ledger of what was sent says, within a bound.
        var accountant = await system.StaffClientAsync("accountant");
        var manager = await system.StaffClientAsync("manager");
        var expected = plan.Where(p => acked.ContainsKey(p.ExternalId)).GroupBy(p => p.Invoice.Id).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        var settleClock = Stopwatch.StartNew();
        var settled = false;
        while (settleClock.Elapsed < size.SettleWithin)
        {
            if (await AllPaidAsExpectedAsync(accountant, invoices, expected))
            {
                settled = true;
                break;
            }

            await Task.Delay(1000);
        }

        var settledIn = settleClock.Elapsed;

        // The accounting, from Billing's API: each invoice's card with its payments and ledger.
        var appliedTimes = new Dictionary<string, int>();
        var overpaid = 0;
        var underpaid = new List<string>();
        var ledgerExtra = 0;
        var invoicesMatching = 0;
        var fullyPaid = new List<IssuedInvoice>();
        foreach (var invoice in invoices)
        {
            var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoice.Id}");
            var payments = card.GetProperty("payments").EnumerateArray()
                .Where(p => p.GetProperty("source").GetString() == Source && p.GetProperty("status").GetString() == "Applied").ToList();
            foreach (var payment in payments)
            {
                var id = payment.GetProperty("externalId").GetString()!;
                appliedTimes[id] = appliedTimes.GetValueOrDefault(id) + 1;
            }

            var applications = card.GetProperty("ledger").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "PaymentApplied");
            ledgerExtra += Math.Max(0, applications - payments.Count);
            var paid = card.GetProperty("paidAmount").GetDecimal();
            var owed = expected.GetValueOrDefault(invoice.Id);
            if (paid == owed)
            {
                invoicesMatching++;
            }
            else if (paid > owed)
            {
                overpaid++;
            }
            else
            {
                underpaid.Add($"{invoice.Number} paid {paid} of {owed}");
            }

            if (card.GetProperty("status").GetString() == "Paid")
            {
                fullyPaid.Add(invoice);
            }
        }

        var sentIds = plan.Select(p => p.ExternalId).ToHashSet();
        var lost = plan.Count(p => acked.ContainsKey(p.ExternalId) && !appliedTimes.ContainsKey(p.ExternalId));
        var duplicated = appliedTimes.Where(a => sentIds.Contains(a.Key)).Sum(a => a.Value - 1) + ledgerExtra;
        var appliedDistinct = appliedTimes.Keys.Count(sentIds.Contains);

        // Reporting: every fully paid invoice's report Paid.
        var reportsPaid = await CountReportsPaidAsync(manager, fullyPaid);

        // Every outbox drained of what some queue wants, and nothing parked, within 60 s of Billing having caught up.
        var drainClock = Stopwatch.StartNew();
        var outboxes = await system.OutboxesAsync();
        while (outboxes.Waiting > 0 && drainClock.Elapsed < DrainWithin)
        {
            await Task.Delay(500);
            outboxes = await system.OutboxesAsync();
        }

        var drainedIn = drainClock.Elapsed;

        // Billing's health back to Healthy (its check reads the error queues at most 15 s old).
        var health = await HealthAsync(TimeSpan.FromSeconds(60));
        var errors = await system.ErrorQueuesAsync();
        var errorMessages = errors.Where(e => e.Value > 0).Select(e => $"{e.Key} {e.Value}").ToList();
        var unroutable = outboxes.Unroutable.Select(u => $"{u.Value} {u.Key.Split(',')[0]}").ToList();
        var unexpectedUnroutable = outboxes.Unroutable.Keys.Where(type => !ConsumedByNoOne.Contains(type.Split(',')[0])).ToList();

        output.WriteLine(
            $"Billing killed x{kills.Count}: sent {plan.Count} distinct ({sends.Count} published, {plan.Count(p => p.SentTwice)} twice), " +
            $"acknowledged {acked.Count}, applied {appliedDistinct}, lost {lost}, duplicated {duplicated}; " +
            $"invoices matching the ledger {invoicesMatching}/{invoices.Count} (overpaid {overpaid}, underpaid {underpaid.Count}), " +
            $"reports Paid {reportsPaid}/{fullyPaid.Count} of the invoices paid in full; " +
            $"settled {(settled ? $"in {settledIn.TotalSeconds:F0} s" : $"NOT within {size.SettleWithin.TotalMinutes} min")} after the last recovery; " +
            $"outboxes {(outboxes.Waiting == 0 ? $"drained in {drainedIn.TotalSeconds:F1} s" : $"NOT drained: {outboxes.ByDatabase}")}, parked {outboxes.Parked}, " +
            $"unroutable (no queue wants them) {(unroutable.Count == 0 ? "none" : string.Join(", ", unroutable))}; " +
            $"Billing health {health}; _error messages {(errorMessages.Count == 0 ? "none" : string.Join(", ", errorMessages))}; " +
            $"total {clock.Elapsed.TotalSeconds:F0} s.");
        foreach (var failure in failedPublishes.Take(10))
        {
            output.WriteLine($"Publish not confirmed: {failure}");
        }

        foreach (var short_ in underpaid.Take(10))
        {
            output.WriteLine($"Underpaid: {short_}");
        }

        Assert.Equal(Kills, kills.Count);
        Assert.Equal(plan.Count, acked.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal((invoices.Count, 0, 0), (invoicesMatching, overpaid, underpaid.Count));
        Assert.Equal(invoices.Count, fullyPaid.Count);
        Assert.Equal(fullyPaid.Count, reportsPaid);
        Assert.True(outboxes.Waiting == 0, $"Outboxes not drained within {DrainWithin.TotalSeconds} s: {outboxes.ByDatabase}");
        Assert.Equal(0, outboxes.Parked);
        Assert.Empty(unexpectedUnroutable);
        Assert.Equal("Healthy", health);
        Assert.Empty(errorMessages);
    }

    /// <summary>Every invoice paid in parts; every <see cref="Size.EveryNthTwice"/>th part also sent a second time.</summary>
    private static List<Payment> Plan(IReadOnlyList<IssuedInvoice> invoices, Size size, string run)
    {
        var plan = new List<Payment>();
        for (var part = 0; part < size.PartsPerInvoice; part++)
        {
            foreach (var (invoice, i) in invoices.Select((invoice, i) => (invoice, i)))
            {
                var share = Math.Floor(invoice.Total / size.PartsPerInvoice * 100m) / 100m;
                var amount = part < size.PartsPerInvoice - 1 ? share : invoice.Total - share * (size.PartsPerInvoice - 1);
                // Half the invoices named by their payment reference, half by their number, as banks do.
                var reference = i % 2 == 0 ? invoice.PaymentReference : invoice.Number;
                var externalId = $"{run}-{invoice.Number}-{part}";
                var body = JsonSerializer.Serialize(new
                {
                    source = Source,
                    externalId,
                    reference,
                    amount,
                    currency = "BYN",
                    paidAt = DateTimeOffset.UtcNow,
                    payerName = "ООО «Клиент»",
                    payerAccount = "BY20ALFA30120000000000000000",
                    purpose = $"Оплата по счёту {invoice.Number}, часть {part + 1}",
                });
                plan.Add(new Payment(externalId, invoice, amount, body, plan.Count % size.EveryNthTwice == 0));
            }
        }

        return plan;
    }

    /// <summary>The order of the sends: each payment once, and a payment sent twice again 40 sends later.</summary>
    private static List<Payment> Sequence(List<Payment> plan) =>
        plan.Select((p, i) => (p, key: (double)i))
            .Concat(plan.Select((p, i) => (p, key: i + 40.5)).Where(x => x.p.SentTwice))
            .OrderBy(x => x.key).Select(x => x.p).ToList();

    /// <summary>Payments of this run Billing stored, read from its database (it answers while Billing is down).</summary>
    private Task<long> AppliedCountAsync(string run) =>
        system.ScalarAsync("billingdb", $"SELECT count(*) FROM payments WHERE source = '{Source}' AND external_id LIKE '{run}-%'");

    private static async Task<bool> AllPaidAsExpectedAsync(HttpClient accountant, IReadOnlyList<IssuedInvoice> invoices, Dictionary<Guid, decimal> expected)
    {
        foreach (var company in invoices.GroupBy(i => i.CompanyId))
        {
            var page = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?companyId={company.Key}&size=500");
            var paid = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("paidAmount").GetDecimal());
            if (company.Any(i => paid.GetValueOrDefault(i.Id) != expected.GetValueOrDefault(i.Id)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reports of <paramref name="invoices"/> that Reporting shows Paid, waiting up to 60 s for the last ones.</summary>
    private static async Task<int> CountReportsPaidAsync(HttpClient manager, IReadOnlyList<IssuedInvoice> invoices)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var paid = new HashSet<Guid>();
        while (true)
        {
            foreach (var invoice in invoices.Where(i => !paid.Contains(i.ReportId)))
            {
                var report = await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{invoice.ReportId}");
                if (report.GetProperty("status").GetString() == "Paid")
                {
                    paid.Add(invoice.ReportId);
                }
            }

            if (paid.Count == invoices.Count || DateTime.UtcNow > deadline)
            {
                return paid.Count;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Billing's /health answer, polled until Healthy or <paramref name="within"/> has passed.</summary>
    private async Task<string> HealthAsync(TimeSpan within)
    {
        using var billing = system.App.CreateHttpClient(Billing, "http");
        var deadline = DateTime.UtcNow + within;
        var last = "";
        while (true)
        {
            try
            {
                using var response = await billing.GetAsync("/health");
                last = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException error)
            {
                last = $"no answer: {error.Message}";
            }

            if (last == "Healthy" || DateTime.UtcNow > deadline)
            {
                return last;
            }

            await Task.Delay(1000);
        }
    }
}
