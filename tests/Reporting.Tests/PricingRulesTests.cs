using System.Net;
using System.Text.Json;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReadModelEvents;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// Nothing goes out at a price nobody set: unpriced lines block sending, 0 % lines go out as information and are
/// settled as not billable, and the client's page carries each line's rules but no entry ids.
/// </summary>
public sealed class PricingRulesTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "pricing");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Sending_a_report_with_unpriced_lines_is_refused_listing_them_until_they_are_excluded()
    {
        // Development has a rate, Design has none: the Design line would go out at 0.
        var (company, project) = await ClientAsync(rates: [new ProjectRate("Development", null, 100m, new DateOnly(2026, 1, 1))]);
        var (dev, design) = (Guid.NewGuid(), Guid.NewGuid());
        await _world.Events.DeliverAsync(
            TaskEvent(dev, project, company, key: "AC-1"),
            TaskEvent(design, project, company, workType: "Design", key: "AC-2"),
            Recorded(Guid.NewGuid(), dev, project, company, minutes: 60),
            Recorded(Guid.NewGuid(), design, project, company, minutes: 90));
        var card = await _world.CreatedAsync(Request(company));
        var unpricedNo = Assert.Single(card.Lines, l => l.Line.TaskId == design).No;

        var refused = await UnpricedLinesAsync(await _world.SendResponseAsync(card.Id));

        var line = Assert.Single(refused);
        Assert.Equal((unpricedNo, design, "AC-2", "Design", 90), (line.No, line.TaskId, line.TaskKey, line.WorkType, line.ActualMinutes));
        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Draft, (string?)null), (after.Status, after.SnapshotHash));
        await using (var db = _world.NewDbContext())
        {
            Assert.Equal(0, await db.Set<OutboxMessage>().Where(NotClaims).CountAsync());
            Assert.Equal(0, await db.ShareLinks.CountAsync());
        }

        await _world.SetExcludedAsync(card.Id, unpricedNo, true);

        var sent = await SendAsync(card.Id);
        Assert.Equal(ReportStatus.Sent, sent.Report.Status);
        Assert.DoesNotContain(sent.Report.Lines, l => !l.Excluded && l.Line.TaskId == design);
    }

    [Fact]
    public async Task An_unpriced_line_priced_by_a_new_rate_on_the_card_and_refreshed_unblocks_sending()
    {
        var (company, project) = await ClientAsync(rates: [new ProjectRate("Development", null, 100m, new DateOnly(2026, 1, 1))]);
        var design = Guid.NewGuid();
        await _world.Events.DeliverAsync(
            TaskEvent(design, project, company, workType: "Design", key: "AC-2"),
            Recorded(Guid.NewGuid(), design, project, company, minutes: 90));
        var card = await _world.CreatedAsync(Request(company));
        await UnpricedLinesAsync(await _world.SendResponseAsync(card.Id));

        await _world.Events.DeliverAsync(Project(project, company, version: 2, rates:
            [new ProjectRate("Development", null, 100m, new DateOnly(2026, 1, 1)), new ProjectRate("Design", null, 80m, new DateOnly(2026, 1, 1))]));
        await _world.RefreshAsync(card.Id);

        var sent = await SendAsync(card.Id);
        var line = Assert.Single(sent.Report.Lines).Line;
        Assert.Equal((80m, 120.00m), (line.Rate, line.Amount));
    }

    [Fact]
    public async Task Unpriced_lines_reach_the_caller_as_a_409_problem_listing_line_numbers_and_tasks()
    {
        var (company, project) = await ClientAsync(rates: [new ProjectRate("Development", null, 100m, new DateOnly(2026, 1, 1))]);
        var task = Guid.NewGuid();
        await _world.Events.DeliverAsync(
            TaskEvent(task, project, company, workType: "Design", key: "AC-7"),
            Recorded(Guid.NewGuid(), task, project, company, minutes: 90));
        var card = await _world.CreatedAsync(Request(company));

        var problem = await ConflictAsync(await _world.SendResponseAsync(card.Id), "Lines without a rate.");

        var line = Assert.Single(problem.GetProperty("unpricedLines").EnumerateArray());
        Assert.Equal((1, task.ToString(), "AC-7"), (line.GetProperty("no").GetInt32(), line.GetProperty("taskId").GetString(), line.GetProperty("taskKey").GetString()));
        Assert.Contains(card.Number, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_percent_line_goes_out_as_information_and_ReportPaid_settles_its_time_as_not_billable()
    {
        var (company, project) = await ClientAsync();
        var (dev, bug) = (Guid.NewGuid(), Guid.NewGuid());
        var (billable, free) = (Guid.NewGuid(), Guid.NewGuid());
        await _world.Events.DeliverAsync(
            TaskEvent(dev, project, company, key: "AC-1"),
            TaskEvent(bug, project, company, workType: "Bugfix", percent: 0, key: "AC-2"),
            Recorded(billable, dev, project, company, minutes: 60),
            Recorded(free, bug, project, company, minutes: 45));
        var card = await _world.CreatedAsync(Request(company));

        var sent = await SendAsync(card.Id);

        var page = await OpenAsync(sent.Link.Token);
        var info = Assert.Single(page.Lines, l => l.TaskId == bug);
        Assert.Equal((false, 0m, 45, 0), (info.Billable, info.Amount, info.ActualMinutes, info.BilledMinutes));
        var work = Assert.Single(page.Lines, l => l.TaskId == dev);
        Assert.Equal((true, 100m), (work.Billable, work.Amount));

        await _world.MoveAsync(card.Id, ReportStatus.Approved, ReportStatus.Invoiced);
        await _world.App.Bus.DeliverAsync(new InvoicePaid(Guid.NewGuid(), "INV-1", card.Id, _world.Clock.Now));

        await using var read = _world.NewDbContext();
        var outbox = Assert.Single(await read.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(ReportPaid).FullName + ",")).ToListAsync());
        var paid = JsonSerializer.Deserialize<ReportPaid>(outbox.Body, MessageJson.Options)!;
        Assert.Equal([billable], paid.TimeEntryIds);
        Assert.Equal([free], paid.NotBillableTimeEntryIds!);
    }

    [Fact]
    public async Task The_clients_page_explains_each_lines_rounding_and_billable_rule_and_shows_no_entry_ids()
    {
        var (company, project) = await ClientAsync(rounding: new RoundingRule("Up", 15));
        var (dev, review) = (Guid.NewGuid(), Guid.NewGuid());
        await _world.Events.DeliverAsync(
            TaskEvent(dev, project, company, key: "AC-1"),
            TaskEvent(review, project, company, workType: "Review", percent: 50, key: "AC-2"),
            Recorded(Guid.NewGuid(), dev, project, company, minutes: 40),
            Recorded(Guid.NewGuid(), review, project, company, minutes: 60));
        var card = await _world.CreatedAsync(Request(company));

        var sent = await SendAsync(card.Id);
        var page = await OpenAsync(sent.Link.Token);

        var forty = Assert.Single(page.Lines, l => l.TaskId == dev);
        Assert.Equal((40, 45, new RoundingRule("Up", 15)), (forty.ActualMinutes, forty.BilledMinutes, forty.Rounding));
        Assert.Equal("Development: billed in full (100 %)", forty.BillableRule);
        var half = Assert.Single(page.Lines, l => l.TaskId == review);
        Assert.Equal((60, 30, 50), (half.ActualMinutes, half.BilledMinutes, half.BillablePercent));
        Assert.Equal("Review: 50 % of the rounded time is billed", half.BillableRule);

        var json = await (await _world.OpenResponseAsync(sent.Link.Token)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("timeEntryIds", json, StringComparison.OrdinalIgnoreCase);
        await using var db = _world.NewDbContext();
        var entryIds = await db.TimeEntries.Where(e => e.CompanyId == company).Select(e => e.Id).ToListAsync();
        Assert.All(entryIds, id => Assert.DoesNotContain(id.ToString(), json, StringComparison.OrdinalIgnoreCase));
        // The frozen snapshot keeps the rules too, so the page never depends on today's rate card.
        var stored = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == card.Id);
        Assert.All(stored.Snapshot!.Lines, l => Assert.Equal(new RoundingRule("Up", 15), l.Rounding));
    }

    // ---- Helpers ----

    private async Task<(Guid Company, Guid Project)> ClientAsync(IReadOnlyList<ProjectRate>? rates = null, RoundingRule? rounding = null)
    {
        var (company, project) = (Guid.NewGuid(), Guid.NewGuid());
        await _world.Events.DeliverAsync(Company(company), Project(project, company, rates: rates, rounding: rounding));
        return (company, project);
    }

    private Task<SentReport> SendAsync(Guid id) => _world.SendAsync(id);

    private Task<PublicReport> OpenAsync(string token) => _world.OpenedAsync(token);

    private static async Task<List<UnpricedLine>> UnpricedLinesAsync(HttpResponseMessage response) =>
        (await ConflictAsync(response, "Lines without a rate.")).GetProperty("unpricedLines").Deserialize<List<UnpricedLine>>(ReportingApp.Json)!;
}
