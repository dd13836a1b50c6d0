using System.Diagnostics;
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
    private const int Kills = 3;

    private sealed record Size(int Companies, int Months, int PartsPerInvoice, int EveryNthTwice, double PerSecond, TimeSpan SettleWithin);

    private static Size Chosen => Environment.GetEnvironmentVariable("CLEARHOURS_FAULTS") == "full"
        ? new Size(Companies: 20, Months: 10, PartsPerInvoice: 10, EveryNthTwice: 7, PerSecond: 25, SettleWithin: TimeSpan.FromMinutes(10))
        : new Size(Companies: 6, Months: 3, PartsPerInvoice: 10, EveryNthTwice: 7, PerSecond: 4, SettleWithin: TimeSpan.FromMinutes(4));

    [Fact]
    public async Task Billing_killed_three_times_during_a_payment_burst_loses_nothing_and_applies_nothing_twice()
    {
        var size = Chosen;
        var clock = Stopwatch.StartNew();
        var invoices = await IssuedInvoices.CreateAsync(system, size.Companies, size.Months);
        output.WriteLine($"Setup: {invoices.Count} invoices issued in {clock.Elapsed.TotalSeconds:F0} s.");

        var run = Guid.NewGuid().ToString("N")[..8];
        var plan = PaymentBurst.Plan(invoices, size.PartsPerInvoice, size.EveryNthTwice, run);
        var burst = new PaymentBurst(system, PaymentBurst.Sequence(plan), size.PerSecond);

        // The burst and the killer run together; the killer waits for Billing's progress, so each kill hits it at work.
        var burstClock = Stopwatch.StartNew();
        var publishing = burst.RunAsync(patience: TimeSpan.FromSeconds(30));
        var kills = new List<string>();
        for (var k = 1; k <= Kills; k++)
        {
            // At 20 %, 45 % and 70 % of the payments applied: each kill finds Billing at work, the first while the
            // burst is still being published, the later ones (Billing restarts slowly on 2 cores) while it works off
            // what arrived while it was down.
            var threshold = (long)(plan.Count * (0.2 + 0.25 * (k - 1)));
            var waitUntil = DateTime.UtcNow + size.SettleWithin;
            long applied;
            while ((applied = await system.AppliedPaymentsAsync(run)) < threshold)
            {
                if (DateTime.UtcNow > waitUntil)
                {
                    throw new TimeoutException(
                        $"Billing applied {applied} of {plan.Count} payments, short of the {threshold} for kill {k}, within {size.SettleWithin.TotalMinutes} min; kills so far: {string.Join("; ", kills)}");
                }

                await Task.Delay(50);
            }

            var pid = await system.KillAsync(Billing, TimeSpan.FromSeconds(60));
            var at = $"kill {k} (pid {pid}) at {burstClock.Elapsed.TotalSeconds:F0} s: {burst.Published} of {burst.Count} published, {applied} applied";
            var restartedIn = await system.StartAgainAsync(Billing, pid, TimeSpan.FromMinutes(4));
            kills.Add($"{at}, Healthy again in {restartedIn.TotalSeconds:F0} s");
            output.WriteLine(kills[^1]);
        }

        var publishedIn = await publishing;
        output.WriteLine($"Burst: {burst.Count} messages published in {publishedIn.TotalSeconds:F0} s; the last restart Healthy at {burstClock.Elapsed.TotalSeconds:F0} s.");

        var accounting = await FaultAccounting.TakeAsync(system, invoices, plan, burst, size.SettleWithin);
        output.WriteLine(accounting.Line($"Billing killed x{kills.Count}", burst) + $" Total {clock.Elapsed.TotalSeconds:F0} s.");
        foreach (var failure in burst.Failures.Take(10))
        {
            output.WriteLine($"Publish not confirmed: {failure}");
        }

        Assert.Equal(Kills, kills.Count);
        accounting.AssertNothingLostOrDuplicated();
    }
}
