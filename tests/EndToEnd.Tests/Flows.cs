using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests;

/// <summary>Time recorded in Tasks for a client of its own, and the report that bills it.</summary>
public sealed record RecordedWork(
    Guid CompanyId, string CompanyName, Guid ProjectId, Guid TaskId, string TaskKey, string TaskUrl,
    IReadOnlyList<Guid> TimeEntryIds, DateOnly From, DateOnly To);

/// <summary>A report sent to its client: what the client's link and page carry.</summary>
public sealed record SentReportLink(Guid ReportId, string Number, string Token, string Hash, RecordedWork Work);

/// <summary>The business steps the end-to-end tests build on, driven through the gateway as the frontend would.</summary>
public static class Flows
{
    public const decimal HourlyRate = 120m;

    /// <summary>
    /// A report just approved: Billing issues its invoice on ReportApproved at once, so by the next read it may already
    /// be Invoiced.
    /// </summary>
    public static readonly string[] ApprovedOrInvoiced = ["Approved", "Invoiced"];

    public static readonly DateOnly PeriodStart = new(2026, 10, 1);
    public static readonly DateOnly PeriodEnd = new(2026, 10, 31);

    private static readonly TimeSpan ReportingCatchesUpWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A company of its own (unique name), a BYN project with an hourly rate, a task with a planner key and link, and
    /// time entries of <paramref name="minutes"/> each on successive days; returns once Reporting's preview shows them all.
    /// </summary>
    public static async Task<RecordedWork> RecordWorkAsync(HttpClient manager, params int[] minutes)
    {
        if (minutes.Length == 0)
        {
            minutes = [90, 45];
        }

        var name = $"E2E client {Guid.NewGuid():N}";
        var company = await PostAsync(manager, "/api/companies", new
        {
            name,
            legalName = $"{name} LLC",
            contactEmail = "billing@client.example",
            currency = "BYN",
            paymentTermsDays = 14,
        }, HttpStatusCode.Created);
        var companyId = company.GetProperty("id").GetGuid();

        var project = await PostAsync(manager, "/api/projects", new
        {
            companyId,
            name = "Website",
            currency = "BYN",
            roundingMode = "None",
            roundingIncrementMinutes = 0,
        }, HttpStatusCode.Created);
        var projectId = project.GetProperty("id").GetGuid();
        await PostAsync(manager, $"/api/projects/{projectId}/rates", new { hourlyRate = HourlyRate, effectiveFrom = new DateOnly(2026, 1, 1) }, HttpStatusCode.OK);

        var key = $"WEB-{Random.Shared.Next(1000, 9999)}";
        var url = $"https://planner.example/browse/{key}";
        var task = await PostAsync(manager, "/api/tasks", new
        {
            projectId,
            title = "Checkout page",
            workType = "Development",
            status = "Done",
            billablePercent = 100,
            externalKey = key,
            externalUrl = url,
        }, HttpStatusCode.Created);
        var taskId = task.GetProperty("id").GetGuid();

        var entries = new List<Guid>();
        for (var i = 0; i < minutes.Length; i++)
        {
            var entry = await PostAsync(manager, "/api/time-entries", new
            {
                taskId,
                person = "Anna Developer",
                workDate = PeriodStart.AddDays(i),
                minutes = minutes[i],
                comment = $"Work session {i + 1}",
            }, HttpStatusCode.Created);
            entries.Add(entry.GetProperty("id").GetGuid());
        }

        var work = new RecordedWork(companyId, name, projectId, taskId, key, url, entries, PeriodStart, PeriodEnd);
        await WaitForPreviewAsync(manager, work);
        return work;
    }

    /// <summary>Polls the preview until every time entry of <paramref name="work"/> is on a priced line.</summary>
    public static async Task<JsonElement> WaitForPreviewAsync(HttpClient manager, RecordedWork work)
    {
        var deadline = DateTime.UtcNow + ReportingCatchesUpWithin;
        var last = "nothing yet";
        while (true)
        {
            using var response = await manager.PostAsJsonAsync("/api/reports/preview", new { companyId = work.CompanyId, from = work.From, to = work.To });
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var preview = JsonDocument.Parse(body).RootElement.Clone();
                // The company is new: its preview counts exactly the entries recorded for it.
                var lines = preview.GetProperty("lines").EnumerateArray().ToList();
                var shown = lines.Sum(l => l.GetProperty("entryCount").GetInt32());
                // The rate comes with its own ProjectChanged, which may reach Reporting after the time does.
                var priced = lines.All(l => l.GetProperty("rate").ValueKind == JsonValueKind.Number);
                if (shown == work.TimeEntryIds.Count && priced)
                {
                    return preview;
                }
            }
            else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException($"The preview answered {(int)response.StatusCode}: {body}");
            }

            last = $"{(int)response.StatusCode}: {body}";
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Reporting did not show the time of {work.CompanyName} within {ReportingCatchesUpWithin.TotalSeconds} s; last answer {last}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A draft report over all of <paramref name="work"/>'s time; returns its card.</summary>
    public static Task<JsonElement> CreateReportAsync(HttpClient manager, RecordedWork work) =>
        PostAsync(manager, "/api/reports", new { companyId = work.CompanyId, from = work.From, to = work.To }, HttpStatusCode.Created);

    /// <summary>Sends a report; returns the link the client gets and the hash of the snapshot sent.</summary>
    public static async Task<(string Token, string Hash, JsonElement Report)> SendAsync(HttpClient manager, Guid reportId)
    {
        var sent = await PostAsync(manager, $"/api/reports/{reportId}/send", null, HttpStatusCode.OK);
        var report = sent.GetProperty("report");
        var link = sent.GetProperty("link");
        Assert.Equal(reportId, link.GetProperty("reportId").GetGuid());
        var token = link.GetProperty("token").GetString()!;
        Assert.Equal($"/api/public/reports/{token}", link.GetProperty("publicPath").GetString());
        Assert.Equal("Sent", report.GetProperty("status").GetString());
        return (token, report.GetProperty("snapshotHash").GetString()!, report);
    }

    /// <summary>Time recorded in Tasks, a report over it, sent to the client.</summary>
    public static async Task<SentReportLink> SentReportAsync(HttpClient manager, params int[] minutes)
    {
        var work = await RecordWorkAsync(manager, minutes);
        var card = await CreateReportAsync(manager, work);
        var reportId = card.GetProperty("id").GetGuid();
        var (token, hash, _) = await SendAsync(manager, reportId);
        return new SentReportLink(reportId, card.GetProperty("number").GetString()!, token, hash, work);
    }

    /// <summary>
    /// An approved report and the one invoice Billing issued for it, once Reporting shows the report Invoiced; the client
    /// approves from <paramref name="client"/>, which should call from an address of its own (the public rate limit).
    /// </summary>
    public static async Task<(SentReportLink Sent, JsonElement Invoice)> InvoicedReportAsync(
        HttpClient manager, HttpClient accountant, HttpClient client, params int[] minutes)
    {
        var sent = await SentReportAsync(manager, minutes);
        await PostAsync(client, $"/api/public/reports/{sent.Token}/approve",
            new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }, HttpStatusCode.OK);
        var found = await EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={sent.ReportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the approved report");
        var invoice = Assert.Single(found.GetProperty("items").EnumerateArray());
        await EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
            r => r.GetProperty("status").GetString() == "Invoiced", "the report Invoiced");
        return (sent, invoice);
    }

    /// <summary>
    /// Starts both calls at the same instant: each waits behind one gate, opened once both are queued, so neither gets
    /// the head start that starting one after the other would give it. The one queued first tends to run first, so a
    /// race repeated should swap them (<paramref name="queueSecondFirst"/>) to see either side win.
    /// </summary>
    public static async Task<(HttpResponseMessage First, HttpResponseMessage Second)> AtOnceAsync(
        Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second, bool queueSecondFirst = false)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage> Queue(Func<Task<HttpResponseMessage>> call) => Task.Run(async () =>
        {
            await gate.Task;
            return await call();
        });
        var other = queueSecondFirst ? Queue(second) : null;
        var one = Queue(first);
        other ??= Queue(second);
        gate.SetResult();
        return (await one, await other);
    }

    public static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds (Tasks and Reporting meet through events).</summary>
    /// <param name="within">How long to wait; 20 s unless a message may wait for its first delayed redelivery (30 s).</param>
    public static async Task<JsonElement> EventuallyAsync(
        Func<Task<JsonElement>> read, Func<JsonElement, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? ReportingCatchesUpWithin);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not happen within {(within ?? ReportingCatchesUpWithin).TotalSeconds} s; last seen {value}");
            }

            await Task.Delay(250);
        }
    }

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body, HttpStatusCode expected)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
