using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// After a fault: the ledger of what was sent held against what the system shows, in the manner of Jepsen: sent,
/// acknowledged, applied, lost (acknowledged, never applied), duplicated (applied twice). Then the system's own state:
/// every invoice paid as the ledger says and Paid, every such report Paid, outboxes drained within 60 s, nothing
/// parked, nothing in an error queue, every service Healthy.
/// </summary>
public sealed record FaultAccounting(
    int Sent, int Published, int Acknowledged, int Applied, int Lost, int Duplicated,
    int Invoices, int InvoicesMatching, int Overpaid, IReadOnlyList<string> Underpaid, int InvoicesPaid, int ReportsPaid,
    TimeSpan? SettledIn, Outboxes Outboxes, TimeSpan DrainedIn, IReadOnlyList<string> UnexpectedUnroutable,
    IReadOnlyDictionary<string, string> Health, IReadOnlyList<string> ErrorMessages)
{
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(60);

    /// <summary>Events no service consumes (docs/architecture.md): the relay keeps them, unroutable, until it drops them.</summary>
    private static readonly HashSet<string> ConsumedByNoOne = ["Clearhours.Contracts.Reporting.ReportSent"];

    private static readonly string[] Services = ["tasks-api", "reporting-api", "billing-api", "documents-api"];

    /// <summary>Waits up to <paramref name="settleWithin"/> for every invoice to show what the ledger says, then counts.</summary>
    public static async Task<FaultAccounting> TakeAsync(
        FaultSystemFixture system, IReadOnlyList<IssuedInvoice> invoices, IReadOnlyList<PlannedPayment> plan, PaymentBurst burst, TimeSpan settleWithin)
    {
        var accountant = await system.StaffClientAsync("accountant");
        var manager = await system.StaffClientAsync("manager");
        var acked = burst.Acknowledged.ToHashSet();
        var expected = plan.Where(p => acked.Contains(p.ExternalId)).GroupBy(p => p.Invoice.Id).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));

        var settleClock = Stopwatch.StartNew();
        TimeSpan? settledIn = null;
        while (settleClock.Elapsed < settleWithin)
        {
            if (await AllPaidAsExpectedAsync(accountant, invoices, expected))
            {
                settledIn = settleClock.Elapsed;
                break;
            }

            await Task.Delay(1000);
        }

        // Billing's API: each invoice's card with its payments and ledger.
        var appliedTimes = new Dictionary<string, int>();
        var overpaid = 0;
        var underpaid = new List<string>();
        var ledgerExtra = 0;
        var matching = 0;
        var fullyPaid = new List<IssuedInvoice>();
        foreach (var invoice in invoices)
        {
            var card = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices/{invoice.Id}");
            var payments = card.GetProperty("payments").EnumerateArray()
                .Where(p => p.GetProperty("source").GetString() == PaymentBurst.Source && p.GetProperty("status").GetString() == "Applied").ToList();
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
                matching++;
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
        var lost = plan.Count(p => acked.Contains(p.ExternalId) && !appliedTimes.ContainsKey(p.ExternalId));
        var duplicated = appliedTimes.Where(a => sentIds.Contains(a.Key)).Sum(a => a.Value - 1) + ledgerExtra;
        var applied = appliedTimes.Keys.Count(sentIds.Contains);
        var reportsPaid = await CountReportsPaidAsync(manager, fullyPaid);

        // Every outbox drained of what some queue wants, and nothing parked, within 60 s of the system having caught up.
        var drainClock = Stopwatch.StartNew();
        var outboxes = await system.OutboxesAsync();
        while (outboxes.Waiting > 0 && drainClock.Elapsed < DrainWithin)
        {
            await Task.Delay(500);
            outboxes = await system.OutboxesAsync();
        }

        var drainedIn = drainClock.Elapsed;
        var health = new Dictionary<string, string>();
        foreach (var service in Services)
        {
            // A service's check reads the error queues at most 15 s old: give it a minute.
            health[service] = await system.HealthAsync(service, "Healthy", TimeSpan.FromSeconds(60));
        }

        var errors = await system.ErrorQueuesAsync();
        return new FaultAccounting(
            plan.Count, burst.Published, acked.Count, applied, lost, duplicated,
            invoices.Count, matching, overpaid, underpaid, fullyPaid.Count, reportsPaid,
            settledIn, outboxes, drainedIn,
            [.. outboxes.Unroutable.Keys.Where(type => !ConsumedByNoOne.Contains(type.Split(',')[0]))],
            health,
            [.. errors.Where(e => e.Value > 0).Select(e => $"{e.Key} {e.Value}")]);
    }

    /// <summary>The Jepsen-style line for the test's output.</summary>
    public string Line(string fault, PaymentBurst burst) =>
        $"{fault}: sent {Sent} distinct ({burst.Count} published, {burst.Retries} publishes retried), " +
        $"acknowledged {Acknowledged}, applied {Applied}, lost {Lost}, duplicated {Duplicated}; " +
        $"invoices matching the ledger {InvoicesMatching}/{Invoices} (overpaid {Overpaid}, underpaid {Underpaid.Count}), " +
        $"reports Paid {ReportsPaid}/{InvoicesPaid} of the invoices paid in full; " +
        $"settled {(SettledIn is { } settled ? $"in {settled.TotalSeconds:F0} s" : "NOT in time")} after the recovery; " +
        $"outboxes {(Outboxes.Waiting == 0 ? $"drained in {DrainedIn.TotalSeconds:F1} s" : $"NOT drained: {Outboxes.ByDatabase}")}, parked {Outboxes.Parked}, " +
        $"unroutable {(Outboxes.Unroutable.Count == 0 ? "none" : string.Join(", ", Outboxes.Unroutable.Select(u => $"{u.Value} {u.Key.Split(',')[0]}")))}; " +
        $"health {string.Join(", ", Health.Select(h => $"{h.Key} {h.Value}"))}; " +
        $"_error messages {(ErrorMessages.Count == 0 ? "none" : string.Join(", ", ErrorMessages))}.";

    /// <summary>0 lost, 0 duplicated, every figure as the ledger says, and the system clean and Healthy.</summary>
    public void AssertNothingLostOrDuplicated()
    {
        Assert.Equal(Sent, Acknowledged);
        Assert.Equal(0, Lost);
        Assert.Equal(0, Duplicated);
        Assert.Equal(Sent, Applied);
        Assert.True((InvoicesMatching, Overpaid) == (Invoices, 0), $"Invoices matching {InvoicesMatching}/{Invoices}, overpaid {Overpaid}, underpaid: {string.Join("; ", Underpaid.Take(10))}");
        Assert.Equal(Invoices, InvoicesPaid);
        Assert.Equal(InvoicesPaid, ReportsPaid);
        Assert.True(Outboxes.Waiting == 0, $"Outboxes not drained within {DrainWithin.TotalSeconds} s: {Outboxes.ByDatabase}");
        Assert.Equal(0, Outboxes.Parked);
        Assert.Empty(UnexpectedUnroutable);
        Assert.All(Health, h => Assert.True(h.Value == "Healthy", $"{h.Key}: {h.Value}"));
        Assert.Empty(ErrorMessages);
    }

    private static async Task<bool> AllPaidAsExpectedAsync(HttpClient accountant, IReadOnlyList<IssuedInvoice> invoices, Dictionary<Guid, decimal> expected)
    {
        try
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
        catch (HttpRequestException)
        {
            // Billing or its database still coming back.
            return false;
        }
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
}
