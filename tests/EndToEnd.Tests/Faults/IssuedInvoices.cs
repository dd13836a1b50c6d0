using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>An invoice Billing issued for an approved report, as its API shows it.</summary>
public sealed record IssuedInvoice(Guid Id, string Number, string PaymentReference, decimal Total, Guid ReportId, Guid CompanyId);

/// <summary>A report sent to its client and not yet approved: what the client's approval needs.</summary>
public sealed record SentReport(Guid ReportId, Guid CompanyId, string Token, string Hash);

/// <summary>Invoices issued, and reports sent but left for the test to approve (during a fault).</summary>
public sealed record FaultWork(IReadOnlyList<IssuedInvoice> Invoices, IReadOnlyList<SentReport> Sent);

/// <summary>
/// Many invoices fast: companies, projects, tasks and time imported into Tasks in one call; then per company and month
/// a report created, sent and approved by the client, which Billing turns into an invoice.
/// </summary>
public static class IssuedInvoices
{
    private static readonly int[] EntryMinutes = [95, 40, 150];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<IssuedInvoice>> CreateAsync(FaultSystemFixture system, int companies, int months) =>
        (await CreateAsync(system, companies, months, sentMonths: 0)).Invoices;

    /// <summary>
    /// Per company, <paramref name="months"/> months invoiced and then <paramref name="sentMonths"/> more months sent to
    /// the client and left unapproved.
    /// </summary>
    public static async Task<FaultWork> CreateAsync(FaultSystemFixture system, int companies, int months, int sentMonths)
    {
        var manager = await system.StaffClientAsync("manager");
        var accountant = await system.StaffClientAsync("accountant");
        manager.Timeout = accountant.Timeout = TimeSpan.FromMinutes(3);
        // The client's approvals go to Reporting itself: the gateway allows one address 60 public calls a minute.
        using var reporting = system.App.CreateHttpClient("reporting-api", "http");
        var tag = Guid.NewGuid().ToString("N")[..6];

        await ImportAsync(manager, tag, companies, months + sentMonths);
        var companyIds = await IdsByExternalIdAsync(manager, "/api/companies", $"fault-{tag}-c");
        var projectIds = await IdsByExternalIdAsync(manager, "/api/projects", $"fault-{tag}-p");
        for (var c = 0; c < companies; c++)
        {
            await Flows.PostAsync(manager, $"/api/projects/{projectIds[$"fault-{tag}-p{c}"]}/rates",
                new { hourlyRate = 90m + c % 7 * 5m, effectiveFrom = new DateOnly(2025, 1, 1) }, HttpStatusCode.OK);
        }

        var work = (from c in Enumerable.Range(0, companies) from m in Enumerable.Range(0, months) select (c, m)).ToList();
        await Parallel.ForAsync(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (c, m) = work[i];
            var sent = await SendAsync(manager, companyIds[$"fault-{tag}-c{c}"], Month(m));
            Assert.Equal(HttpStatusCode.OK, await ApproveAsync(reporting, sent));
        });

        var pending = new List<SentReport>();
        foreach (var c in Enumerable.Range(0, companies))
        {
            foreach (var m in Enumerable.Range(months, sentMonths))
            {
                pending.Add(await SendAsync(manager, companyIds[$"fault-{tag}-c{c}"], Month(m)));
            }
        }

        return new FaultWork(await InvoicesAsync(accountant, companyIds.Values, months), pending);
    }

    /// <summary>
    /// The client's approval, straight to Reporting: the gateway allows one address 60 public calls a minute. Any
    /// answer but 200 is returned for the test to judge (a fault may be under way).
    /// </summary>
    public static async Task<HttpStatusCode> ApproveAsync(HttpClient reporting, SentReport sent)
    {
        using var response = await reporting.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash });
        return response.StatusCode;
    }

    /// <summary>Waits until Billing has issued <paramref name="perCompany"/> invoices to each company, and returns them.</summary>
    public static async Task<IReadOnlyList<IssuedInvoice>> InvoicesAsync(HttpClient accountant, IEnumerable<Guid> companyIds, int perCompany)
    {
        var invoices = new List<IssuedInvoice>();
        foreach (var companyId in companyIds)
        {
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                var page = await accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?companyId={companyId}&size=500");
                var items = page.GetProperty("items").EnumerateArray().ToList();
                if (items.Count == perCompany)
                {
                    invoices.AddRange(items.Select(i => new IssuedInvoice(
                        i.GetProperty("id").GetGuid(), i.GetProperty("number").GetString()!, i.GetProperty("paymentReference").GetString()!,
                        i.GetProperty("total").GetDecimal(), i.GetProperty("reportId").GetGuid(), companyId)));
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Billing issued {items.Count} of {perCompany} invoices for company {companyId} within {Patience.TotalMinutes} min.");
                }

                await Task.Delay(250);
            }
        }

        return invoices;
    }

    private static DateOnly Month(int month) => new DateOnly(2025, 1, 1).AddMonths(month);

    private static async Task ImportAsync(HttpClient manager, string tag, int companies, int months)
    {
        var body = new
        {
            companies = Enumerable.Range(0, companies).Select(c => new
            {
                externalId = $"fault-{tag}-c{c}",
                name = $"Fault client {tag} {c:D3}",
                currency = "BYN",
                legalName = $"ООО «Клиент {tag} {c:D3}»",
                paymentTermsDays = 14,
            }),
            projects = Enumerable.Range(0, companies).Select(c => new
            {
                externalId = $"fault-{tag}-p{c}",
                companyExternalId = $"fault-{tag}-c{c}",
                name = "Support",
                currency = "BYN",
            }),
            tasks = from c in Enumerable.Range(0, companies)
                    from m in Enumerable.Range(0, months)
                    select new
                    {
                        externalId = $"fault-{tag}-t{c}-{m}",
                        projectExternalId = $"fault-{tag}-p{c}",
                        title = $"Monthly support {Month(m):yyyy-MM}",
                        workType = "Development",
                        status = "Done",
                        billablePercent = 100,
                    },
            timeEntries = from c in Enumerable.Range(0, companies)
                          from m in Enumerable.Range(0, months)
                          from e in Enumerable.Range(0, EntryMinutes.Length)
                          select new
                          {
                              externalId = $"fault-{tag}-e{c}-{m}-{e}",
                              taskExternalId = $"fault-{tag}-t{c}-{m}",
                              person = "Anna Developer",
                              workDate = Month(m).AddDays(e * 7),
                              minutes = EntryMinutes[e],
                          },
        };
        var answer = await Flows.PostAsync(manager, "/api/import", body, HttpStatusCode.OK);
        Assert.Equal(companies * months * EntryMinutes.Length, answer.GetProperty("timeEntries").GetProperty("created").GetInt32());
    }

    private static async Task<Dictionary<string, Guid>> IdsByExternalIdAsync(HttpClient manager, string path, string prefix)
    {
        var ids = new Dictionary<string, Guid>();
        for (var page = 1; ; page++)
        {
            var answer = await manager.GetFromJsonAsync<JsonElement>($"{path}?page={page}&size=500");
            var items = answer.GetProperty("items").EnumerateArray().ToList();
            foreach (var item in items)
            {
                if (item.GetProperty("externalId").GetString() is { } externalId && externalId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    ids[externalId] = item.GetProperty("id").GetGuid();
                }
            }

            if (items.Count < 500)
            {
                return ids;
            }
        }
    }

    private static async Task<SentReport> SendAsync(HttpClient manager, Guid companyId, DateOnly from)
    {
        var to = from.AddMonths(1).AddDays(-1);
        await WaitForPricedPreviewAsync(manager, companyId, from, to);
        var card = await Flows.PostAsync(manager, "/api/reports", new { companyId, from, to }, HttpStatusCode.Created);
        var reportId = card.GetProperty("id").GetGuid();
        var sent = await Flows.PostAsync(manager, $"/api/reports/{reportId}/send", null, HttpStatusCode.OK);
        return new SentReport(reportId, companyId,
            sent.GetProperty("link").GetProperty("token").GetString()!, sent.GetProperty("report").GetProperty("snapshotHash").GetString()!);
    }

    /// <summary>Tasks tells Reporting of the time and the rate in events: wait until the month's preview has them all.</summary>
    private static async Task WaitForPricedPreviewAsync(HttpClient manager, Guid companyId, DateOnly from, DateOnly to)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await manager.PostAsJsonAsync("/api/reports/preview", new { companyId, from, to });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var lines = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").EnumerateArray().ToList();
                if (lines.Sum(l => l.GetProperty("entryCount").GetInt32()) == EntryMinutes.Length
                    && lines.All(l => l.GetProperty("rate").ValueKind == JsonValueKind.Number))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The preview of company {companyId} for {from:yyyy-MM} never showed its priced time; last answer {(int)response.StatusCode}.");
            }

            await Task.Delay(250);
        }
    }
}
