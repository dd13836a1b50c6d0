using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class ReportFlowTests(SystemFixture system)
{
    [Fact]
    public async Task Time_recorded_in_Tasks_is_reported_sent_approved_by_the_client_and_then_locked_in_Tasks()
    {
        var manager = await system.StaffClientAsync("manager");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.14"));
        var work = await Flows.RecordWorkAsync(manager, 90, 45);

        var card = await Flows.CreateReportAsync(manager, work);
        var reportId = card.GetProperty("id").GetGuid();
        var number = card.GetProperty("number").GetString()!;
        Assert.Matches(@"^R-\d{4}-\d{4,}$", number);
        Assert.Equal("Draft", card.GetProperty("status").GetString());
        var (token, hash, _) = await Flows.SendAsync(manager, reportId);
        Assert.Matches("^[0-9a-f]{64}$", hash);

        // The client opens the link: the lines with their planner links, and totals that add up.
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{token}");
        Assert.Equal(number, page.GetProperty("number").GetString());
        Assert.Equal(work.CompanyName, page.GetProperty("client").GetString());
        Assert.Equal("Sent", page.GetProperty("status").GetString());
        Assert.True(page.GetProperty("canApprove").GetBoolean());
        Assert.Equal(hash, page.GetProperty("hash").GetString());
        Assert.Equal("BYN", page.GetProperty("currency").GetString());
        Assert.False(page.TryGetProperty("agency", out _)); // the agency's look is Documents', at /api/public/agency
        var line = Assert.Single(page.GetProperty("lines").EnumerateArray());
        Assert.Equal(work.TaskKey, line.GetProperty("taskKey").GetString());
        Assert.Equal(work.TaskUrl, line.GetProperty("taskUrl").GetString());
        Assert.Equal(135, line.GetProperty("actualMinutes").GetInt32());
        Assert.Equal(Flows.HourlyRate, line.GetProperty("rate").GetDecimal());
        Assert.Equal(270.00m, line.GetProperty("amount").GetDecimal());
        // The client sees how many entries and by which rules, never the internal entry ids.
        Assert.False(line.TryGetProperty("timeEntryIds", out _));
        Assert.Equal(work.TimeEntryIds.Count, line.GetProperty("entryCount").GetInt32());
        Assert.True(line.GetProperty("billable").GetBoolean());
        var totals = page.GetProperty("totals");
        Assert.Equal(2.25m, totals.GetProperty("actualHours").GetDecimal());
        Assert.Equal(2.25m, totals.GetProperty("billedHours").GetDecimal());
        Assert.Equal(270.00m, totals.GetProperty("amount").GetDecimal());
        Assert.Equal("BYN", totals.GetProperty("currency").GetString());

        // A hash that is not the one on the page approves nothing.
        var otherHash = new string('0', 64);
        using (var stale = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = otherHash }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var approved = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = page.GetProperty("hash").GetString() }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var after = await approved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Approved", after.GetProperty("status").GetString());
            Assert.False(after.GetProperty("canApprove").GetBoolean());
        }

        var report = await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}");
        Assert.Contains(report.GetProperty("status").GetString(), Flows.ApprovedOrInvoiced);
        var approval = report.GetProperty("approval");
        Assert.Equal("Olga Client", approval.GetProperty("name").GetString());
        Assert.Equal("olga@client.example", approval.GetProperty("email").GetString());
        Assert.Equal(hash, approval.GetProperty("hash").GetString());

        // Approving twice is not possible.
        using (var again = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // Tasks hears of the approval and locks the time.
        foreach (var entryId in work.TimeEntryIds)
        {
            var entry = await Flows.EventuallyAsync(
                () => manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{entryId}"),
                e => e.GetProperty("billingState").GetString() == "InReport",
                $"the lock of time entry {entryId}");
            Assert.Equal(reportId, entry.GetProperty("reportId").GetGuid());
            Assert.Equal(number, entry.GetProperty("reportNumber").GetString());
        }

        var locked = await manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{work.TimeEntryIds[0]}");
        using var edit = await manager.PutAsJsonAsync($"/api/time-entries/{work.TimeEntryIds[0]}", new
        {
            taskId = work.TaskId,
            person = locked.GetProperty("person").GetString(),
            workDate = locked.GetProperty("workDate").GetString(),
            minutes = locked.GetProperty("minutes").GetInt32() + 30,
            comment = "More time, after the approval",
        });
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        var problem = await edit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(number, problem.GetProperty("reportNumber").GetString());
        Assert.Contains(number, problem.GetProperty("detail").GetString());
        Assert.Equal(135, (await manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{work.TimeEntryIds[0]}")).GetProperty("minutes").GetInt32()
            + (await manager.GetFromJsonAsync<JsonElement>($"/api/time-entries/{work.TimeEntryIds[1]}")).GetProperty("minutes").GetInt32());
    }

    [Fact]
    public async Task A_client_who_requests_changes_sends_the_report_back_and_can_no_longer_approve_the_old_snapshot()
    {
        var manager = await system.StaffClientAsync("manager");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.15"));
        var sent = await Flows.SentReportAsync(manager, 60, 30);
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{sent.Token}");
        Assert.Equal(sent.Hash, page.GetProperty("hash").GetString());

        using (var noSuchLine = await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/request-changes",
                   new { comment = "Line 7?", lines = new[] { 7 } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noSuchLine.StatusCode);
        }

        using (var requested = await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/request-changes",
                   new { comment = "The checkout took less than that.", name = "Olga Client", lines = new[] { 1 } }))
        {
            Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
            var after = await requested.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ChangesRequested", after.GetProperty("status").GetString());
            Assert.False(after.GetProperty("canApprove").GetBoolean());
        }

        var report = await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}");
        Assert.Equal("ChangesRequested", report.GetProperty("status").GetString());
        var change = Assert.Single(report.GetProperty("changeRequests").EnumerateArray());
        Assert.Equal("The checkout took less than that.", change.GetProperty("comment").GetString());
        Assert.Equal([1], change.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()));

        // The snapshot the client saw is no longer up for approval.
        using (var stale = await client.PostAsJsonAsync($"/api/public/reports/{sent.Token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal("ChangesRequested", (await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}")).GetProperty("status").GetString());

        // The manager revises and sends again: a new snapshot, a new hash, a new link; the old hash stays refused.
        using (var reopened = await manager.PostAsync($"/api/reports/{sent.ReportId}/reopen", null))
        {
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }

        using (var adjusted = await manager.PostAsJsonAsync($"/api/reports/{sent.ReportId}/adjustments",
                   new { description = "Goodwill", amount = -10m, reason = "The checkout took less than that." }))
        {
            Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);
        }

        var (token, hash, _) = await Flows.SendAsync(manager, sent.ReportId);
        Assert.NotEqual(sent.Hash, hash);
        Assert.NotEqual(sent.Token, token);
        using (var old = await client.GetAsync($"/api/public/reports/{sent.Token}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        using (var stale = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        using (var approved = await client.PostAsJsonAsync($"/api/public/reports/{token}/approve",
                   new { name = "Olga Client", email = "olga@client.example", hash }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        Assert.Contains((await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}")).GetProperty("status").GetString(),
            Flows.ApprovedOrInvoiced);
    }
}
