using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.Bench.Payments;

/// <summary>One approved report, and what it must come to, computed here from the minutes and the rate.</summary>
internal sealed record ApprovedReport(Guid ReportId, string Number, string Company, DateOnly From, int EntryCount, decimal ExpectedTotal);

/// <summary>What each report holds: <see cref="Tasks"/> lines of <see cref="EntriesPerTask"/> time entries (a multiple of 3).</summary>
internal sealed record ReportShape(int Tasks, int EntriesPerTask)
{
    public int EntriesPerReport => Tasks * EntriesPerTask;

    public override string ToString() => $"{Tasks} line{(Tasks == 1 ? "" : "s")} of {EntriesPerTask} entries a report";
}

/// <summary>
/// An agency driven through its APIs as its managers and clients would: companies, projects with rates, tasks and time
/// imported into Tasks; then, per company and month, a report created, sent and approved by the client, which Billing
/// turns into an invoice.
/// </summary>
internal static class Agency
{
    private static readonly int[] EntryMinutes = [95, 40, 150];
    // The rates are set after the import, so their events queue behind every imported entry's: with client-month
    // reports (288 000 entries) the first preview is priced only when Tasks' outbox has drained, about 3 minutes in.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <param name="shape">Each report's tasks (one line each) and each task's time entries.</param>
    public static async Task<IReadOnlyList<ApprovedReport>> ApproveReportsAsync(RunningSystem system, int companies, int months, ReportShape shape)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        // A company at a time: a few thousand entries a request, well under the import's size limit.
        for (var c = 0; c < companies; c++)
        {
            await ImportAsync(system.Gateway, tag, c, months, shape);
        }

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
            approved[i] = await ApproveAsync(system, companyIds[$"bench-{tag}-c{c}"], $"bench-{tag}-c{c}", Month(m), c, shape);
        });
        return approved;
    }

    /// <summary>
    /// Each line's minutes at the project's rate, rounded to kopecks, added up: the report's total as the client approves
    /// it. Every three entries of a task come to 4.75 h, so no line's amount needs rounding.
    /// </summary>
    public static decimal ExpectedTotal(int company, ReportShape shape) =>
        shape.Tasks * Math.Round(Enumerable.Range(0, shape.EntriesPerTask).Sum(EntryMinutesOf) * Rate(company) / 60m, 2, MidpointRounding.AwayFromZero);

    private static int EntryMinutesOf(int entry) => EntryMinutes[entry % EntryMinutes.Length];

    private static decimal Rate(int company) => 90m + company % 7 * 5m;

    private static DateOnly Month(int month) => new DateOnly(2025, 1, 1).AddMonths(month);

    private static async Task ImportAsync(HttpClient gateway, string tag, int c, int months, ReportShape shape)
    {
        var body = new
        {
            companies = new[]
            {
                new
                {
                    externalId = $"bench-{tag}-c{c}",
                    name = $"Bench client {tag} {c:D3}",
                    currency = "BYN",
                    legalName = $"ООО «Клиент {c:D3}»",
                    taxId = $"19{c:D7}",
                    paymentTermsDays = 14,
                },
            },
            projects = new[] { new { externalId = $"bench-{tag}-p{c}", companyExternalId = $"bench-{tag}-c{c}", name = "Support", currency = "BYN" } },
            tasks = from m in Enumerable.Range(0, months)
                    from t in Enumerable.Range(0, shape.Tasks)
                    select new
                    {
                        externalId = $"bench-{tag}-t{c}-{m}-{t}",
                        projectExternalId = $"bench-{tag}-p{c}",
                        title = $"Monthly support {Month(m):yyyy-MM} #{t + 1}",
                        workType = "Development",
                        status = "Done",
                        billablePercent = 100,
                    },
            timeEntries = from m in Enumerable.Range(0, months)
                          from t in Enumerable.Range(0, shape.Tasks)
                          from e in Enumerable.Range(0, shape.EntriesPerTask)
                          select new
                          {
                              externalId = $"bench-{tag}-e{c}-{m}-{t}-{e}",
                              taskExternalId = $"bench-{tag}-t{c}-{m}-{t}",
                              person = "Anna Developer",
                              workDate = Month(m).AddDays(e * 7 % 28),
                              minutes = EntryMinutesOf(e),
                          },
        };
        var answer = await PostAsync(gateway, "/api/import", body, HttpStatusCode.OK);
        var created = answer.GetProperty("timeEntries").GetProperty("created").GetInt32();
        if (created != months * shape.EntriesPerReport)
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

    private static async Task<ApprovedReport> ApproveAsync(RunningSystem system, Guid companyId, string company, DateOnly from, int c, ReportShape shape)
    {
        var to = from.AddMonths(1).AddDays(-1);
        await WaitForPricedPreviewAsync(system.Gateway, companyId, from, to, shape.EntriesPerReport);
        var card = await PostAsync(system.Gateway, "/api/reports", new { companyId, from, to }, HttpStatusCode.Created);
        var reportId = card.GetProperty("id").GetGuid();
        var sent = await PostAsync(system.Gateway, $"/api/reports/{reportId}/send", null, HttpStatusCode.OK);
        var token = sent.GetProperty("link").GetProperty("token").GetString();
        var hash = sent.GetProperty("report").GetProperty("snapshotHash").GetString();
        var total = sent.GetProperty("report").GetProperty("totals").GetProperty("amount").GetDecimal();
        if (total != ExpectedTotal(c, shape))
        {
            throw new InvalidOperationException($"Report {card.GetProperty("number")} comes to {total}, not the {ExpectedTotal(c, shape)} computed here.");
        }

        await PostAsync(system.Reporting, $"/api/public/reports/{token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash }, HttpStatusCode.OK);
        return new ApprovedReport(reportId, card.GetProperty("number").GetString()!, company, from, shape.EntriesPerReport, ExpectedTotal(c, shape));
    }

    /// <summary>Tasks tells Reporting of the time and the rate in events: wait until the month's preview has them all.</summary>
    private static async Task WaitForPricedPreviewAsync(HttpClient gateway, Guid companyId, DateOnly from, DateOnly to, int entries)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await gateway.PostAsJsonAsync("/api/reports/preview", new { companyId, from, to });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var lines = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").EnumerateArray().ToList();
                if (lines.Sum(l => l.GetProperty("entryCount").GetInt32()) == entries
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
