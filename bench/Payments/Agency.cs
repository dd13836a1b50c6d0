using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.Bench.Payments;

/// <summary>One approved report, and what it must come to, computed here from the minutes and the rate.</summary>
internal sealed record ApprovedReport(Guid ReportId, string Number, string Company, DateOnly From, int EntryCount, decimal ExpectedTotal);

/// <summary>
/// An agency driven through its APIs as its managers and clients would: companies, projects with rates, tasks and time
/// imported into Tasks; then, per company and month, a report created, sent and approved by the client, which Billing
/// turns into an invoice.
/// </summary>
internal static class Agency
{
    private static readonly int[] EntryMinutes = [95, 40, 150];
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyList<ApprovedReport>> ApproveReportsAsync(RunningSystem system, int companies, int months)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await ImportAsync(system.Gateway, tag, companies, months);
        var companyIds = await IdsByExternalIdAsync(system.Gateway, "/api/companies", $"bench-{tag}-c");
        var projectIds = await IdsByExternalIdAsync(system.Gateway, "/api/projects", $"bench-{tag}-p");
        for (var c = 0; c < companies; c++)
        {
            await PostAsync(system.Gateway, $"/api/projects/{projectIds[$"bench-{tag}-p{c}"]}/rates",
                new { hourlyRate = Rate(c), effectiveFrom = new DateOnly(2025, 1, 1) }, HttpStatusCode.OK);
        }

        var work = (from c in Enumerable.Range(0, companies) from m in Enumerable.Range(0, months) select (c, m)).ToList();
        var approved = new ApprovedReport[work.Count];
        // A few at once, as a team of managers would; each report is three calls and a wait for the preview.
        await Parallel.ForAsync(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (c, m) = work[i];
            approved[i] = await ApproveAsync(system, companyIds[$"bench-{tag}-c{c}"], $"bench-{tag}-c{c}", Month(m), c);
        });
        return approved;
    }

    /// <summary>Each entry's minutes at the project's rate, rounded to kopecks: the report's total as the client approves it.</summary>
    public static decimal ExpectedTotal(int company) =>
        Math.Round(EntryMinutes.Sum() * Rate(company) / 60m, 2, MidpointRounding.AwayFromZero);

    private static decimal Rate(int company) => 90m + company % 7 * 5m;

    private static DateOnly Month(int month) => new DateOnly(2025, 1, 1).AddMonths(month);

    private static async Task ImportAsync(HttpClient gateway, string tag, int companies, int months)
    {
        var body = new
        {
            companies = Enumerable.Range(0, companies).Select(c => new
            {
                externalId = $"bench-{tag}-c{c}",
                name = $"Bench client {tag} {c:D3}",
                currency = "BYN",
                legalName = $"ООО «Клиент {c:D3}»",
                taxId = $"19{c:D7}",
                paymentTermsDays = 14,
            }),
            projects = Enumerable.Range(0, companies).Select(c => new
            {
                externalId = $"bench-{tag}-p{c}",
                companyExternalId = $"bench-{tag}-c{c}",
                name = "Support",
                currency = "BYN",
            }),
            tasks = from c in Enumerable.Range(0, companies)
                    from m in Enumerable.Range(0, months)
                    select new
                    {
                        externalId = $"bench-{tag}-t{c}-{m}",
                        projectExternalId = $"bench-{tag}-p{c}",
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
                              externalId = $"bench-{tag}-e{c}-{m}-{e}",
                              taskExternalId = $"bench-{tag}-t{c}-{m}",
                              person = "Anna Developer",
                              workDate = Month(m).AddDays(e * 7),
                              minutes = EntryMinutes[e],
                          },
        };
        var answer = await PostAsync(gateway, "/api/import", body, HttpStatusCode.OK);
        var created = answer.GetProperty("timeEntries").GetProperty("created").GetInt32();
        if (created != companies * months * EntryMinutes.Length)
        {
            throw new InvalidOperationException($"The import created {created} time entries: {answer}");
        }
    }

    private static async Task<Dictionary<string, Guid>> IdsByExternalIdAsync(HttpClient gateway, string path, string prefix)
    {
        var ids = new Dictionary<string, Guid>();
        for (var page = 1; ; page++)
        {
            var answer = await gateway.GetFromJsonAsync<JsonElement>($"{path}?page={page}&pageSize=500");
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

    private static async Task<ApprovedReport> ApproveAsync(RunningSystem system, Guid companyId, string company, DateOnly from, int c)
    {
        var to = from.AddMonths(1).AddDays(-1);
        await WaitForPricedPreviewAsync(system.Gateway, companyId, from, to);
        var card = await PostAsync(system.Gateway, "/api/reports", new { companyId, from, to }, HttpStatusCode.Created);
        var reportId = card.GetProperty("id").GetGuid();
        var sent = await PostAsync(system.Gateway, $"/api/reports/{reportId}/send", null, HttpStatusCode.OK);
        var token = sent.GetProperty("link").GetProperty("token").GetString();
        var hash = sent.GetProperty("report").GetProperty("snapshotHash").GetString();
        var total = sent.GetProperty("report").GetProperty("totals").GetProperty("amount").GetDecimal();
        if (total != ExpectedTotal(c))
        {
            throw new InvalidOperationException($"Report {card.GetProperty("number")} comes to {total}, not the {ExpectedTotal(c)} computed here.");
        }

        await PostAsync(system.Reporting, $"/api/public/reports/{token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash }, HttpStatusCode.OK);
        return new ApprovedReport(reportId, card.GetProperty("number").GetString()!, company, from, EntryMinutes.Length, ExpectedTotal(c));
    }

    /// <summary>Tasks tells Reporting of the time and the rate in events: wait until the month's preview has them all.</summary>
    private static async Task WaitForPricedPreviewAsync(HttpClient gateway, Guid companyId, DateOnly from, DateOnly to)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await gateway.PostAsJsonAsync("/api/reports/preview", new { companyId, from, to });
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
                throw new TimeoutException($"The preview of {companyId} {from} never showed its priced time: {(int)response.StatusCode}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body, HttpStatusCode expected)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
