using System.Net;
using System.Text.Json;
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
/// What a report claims is announced to Tasks at every change, Tasks' answer shows on the card, and time that changed
/// before the lock took hold makes its line stale: shown, refused at send and approval, refreshed in a draft.
/// </summary>
public sealed class ClaimLockTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "claimlocks");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Creating_a_report_tells_Tasks_every_entry_it_claims()
    {
        var client = await _world.SeedAsync();

        var card = await _world.CreatedAsync(Request(client.Company));

        var claims = Assert.Single(await ClaimMessagesAsync());
        Assert.Equal((card.Id, card.Number, 1L), (claims.ReportId, claims.ReportNumber, claims.ClaimVersion));
        Assert.Equal(client.Entries.Order(), claims.TimeEntryIds.Order());
        Assert.Equal((client.Entries.Count, 0, false), (card.Locks.Claimed, card.Locks.Locked, card.Locks.Confirmed));
    }

    [Fact]
    public async Task Leaving_a_line_out_and_taking_it_back_announce_the_claims_again_at_a_newer_version()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var line = card.Lines[0];

        await SetExcludedAsync(card.Id, line.No, true);
        await SetExcludedAsync(card.Id, line.No, false);

        var messages = await ClaimMessagesAsync();
        Assert.Equal([1L, 2L, 3L], messages.Select(m => m.ClaimVersion));
        Assert.Equal(client.Entries.Except(line.Line.TimeEntryIds).Order(), messages[1].TimeEntryIds.Order());
        Assert.Equal(client.Entries.Order(), messages[2].TimeEntryIds.Order());
    }

    [Fact]
    public async Task Tasks_answer_shows_on_the_card_and_a_refusal_notifies_the_manager()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var refusal = new TimeLockRefusal(client.Entries[0], "held by report R-2025-0007", "R-2025-0007");

        await ConfirmAsync(new TimeLockConfirmed(card.Id, 1, client.Entries.Count - 1, [refusal], _world.Clock.Now));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((client.Entries.Count, client.Entries.Count - 1, true), (after.Locks.Claimed, after.Locks.Locked, after.Locks.Confirmed));
        Assert.Equal([refusal], after.Locks.Refused);
        await using var db = _world.NewDbContext();
        var notice = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync());
        Assert.Equal(("lock-refused", card.Number), (notice.Kind, notice.ReportNumber));
        Assert.Contains("held by report R-2025-0007", notice.Text);
    }

    [Fact]
    public async Task Time_refused_only_because_a_report_cancelled_here_still_held_it_in_Tasks_is_claimed_again_without_a_notice()
    {
        var client = await _world.SeedAsync();
        var first = await _world.CreatedAsync(Request(client.Company));
        await _world.CancelAsync(first.Id, "Built with the wrong filters");
        var card = await _world.CreatedAsync(Request(client.Company));
        // Tasks heard the new claims before the first report's ReportCancelled, which reaches it on another queue.
        var refused = client.Entries.Select(id => new TimeLockRefusal(id, $"held by report {first.Number}", first.Number)).ToList();

        await ConfirmAsync(new TimeLockConfirmed(card.Id, 1, 0, refused, _world.Clock.Now));

        var claims = (await ClaimMessagesAsync()).Where(m => m.ReportId == card.Id).ToList();
        Assert.Equal([1L, 2L], claims.Select(m => m.ClaimVersion));
        Assert.Equal(client.Entries.Order(), claims[1].TimeEntryIds.Order());
        Assert.Empty(await LockNoticesAsync());

        // By then Tasks has let the cancelled report's time go, and locks it all at the new version.
        await ConfirmAsync(new TimeLockConfirmed(card.Id, 2, client.Entries.Count, [], _world.Clock.Now));
        var locks = (await _world.GetAsync(card.Id)).Locks;
        Assert.Equal((client.Entries.Count, client.Entries.Count, true, 0), (locks.Claimed, locks.Locked, locks.Confirmed, locks.Refused.Count));
    }

    [Fact]
    public async Task Claims_go_out_again_a_few_times_at_most_and_then_the_refusal_is_the_managers()
    {
        var client = await _world.SeedAsync();
        var first = await _world.CreatedAsync(Request(client.Company));
        await _world.CancelAsync(first.Id, "Built with the wrong filters");
        var card = await _world.CreatedAsync(Request(client.Company));
        var refused = client.Entries.Select(id => new TimeLockRefusal(id, $"held by report {first.Number}", first.Number)).ToList();

        for (var version = 1L; version <= Report.MaxClaimsAgain + 1; version++)
        {
            await ConfirmAsync(new TimeLockConfirmed(card.Id, version, 0, refused, _world.Clock.Now));
        }

        Assert.Equal(Report.MaxClaimsAgain + 1, (await ClaimMessagesAsync()).Count(m => m.ReportId == card.Id));
        Assert.Single(await LockNoticesAsync());
    }

    [Fact]
    public async Task An_answer_to_older_claims_does_not_overwrite_a_newer_one()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await SetExcludedAsync(card.Id, card.Lines[0].No, true);
        var claimed = client.Entries.Count - card.Lines[0].Line.TimeEntryIds.Count;

        await ConfirmAsync(new TimeLockConfirmed(card.Id, 2, claimed, [], _world.Clock.Now));
        await ConfirmAsync(new TimeLockConfirmed(card.Id, 1, 1, [], _world.Clock.Now));

        var locks = (await _world.GetAsync(card.Id)).Locks;
        Assert.Equal((claimed, claimed, true), (locks.Claimed, locks.Locked, locks.Confirmed));
    }

    [Fact]
    public async Task Time_that_changed_before_the_lock_makes_its_line_stale_and_the_card_says_what_changed()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var entry = client.Entries[0]; // ann, 1 November, 30 minutes, task 0

        await _world.Events.DeliverAsync(Changed(entry, client.Tasks[0], client.Project, client.Company, version: 2,
            date: new DateOnly(2026, 11, 1), minutes: 500));

        var after = await _world.GetAsync(card.Id);
        var stale = Assert.Single(after.StaleLines);
        Assert.Equal(card.Lines.Single(l => l.Line.TimeEntryIds.Contains(entry)).No, stale.No);
        Assert.Equal(["ann's time on 2026-11-01 changed from 30 to 500 min"], stale.Reasons);
    }

    [Fact]
    public async Task Sending_a_report_with_stale_lines_is_refused_and_lists_them()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.Events.DeliverAsync(Removed(client.Entries[1], client.Tasks[1], version: 2));

        var refused = await StaleLinesAsync(await _world.SendResponseAsync(card.Id));

        var line = card.Lines.Single(l => l.Line.TimeEntryIds.Contains(client.Entries[1]));
        Assert.Equal(line.No, Assert.Single(refused).No);
        Assert.Equal(["bob's time on 2026-11-02 was deleted in Tasks"], refused[0].Reasons);
        Assert.Equal(ReportStatus.Draft, (await _world.GetAsync(card.Id)).Status);
    }

    [Fact]
    public async Task Approving_is_refused_when_time_changed_after_the_report_was_sent()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        await _world.Events.DeliverAsync(Changed(client.Entries[2], client.Tasks[2], client.Project, client.Company, version: 2,
            date: new DateOnly(2026, 11, 3), minutes: 61));

        await StaleLinesAsync(await _world.ApproveResponseAsync(sent.Link.Token, "Cleo", "cleo@client.example", sent.Report.SnapshotHash!));

        Assert.Equal(ReportStatus.Sent, (await _world.GetAsync(card.Id)).Status);
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(ReportApproved).FullName + ",")));
    }

    [Fact]
    public async Task Refreshing_a_draft_bills_the_time_as_it_is_now_and_lets_deleted_time_go()
    {
        var client = await _world.SeedAsync(entries: 3); // one entry per task: 30, 45 and 60 minutes at 100/h
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.Events.DeliverAsync(
            Changed(client.Entries[0], client.Tasks[0], client.Project, client.Company, version: 2, date: new DateOnly(2026, 11, 1), minutes: 90),
            Removed(client.Entries[1], client.Tasks[1], version: 2));

        var refreshed = await RefreshAsync(card.Id);

        Assert.Empty(refreshed.StaleLines);
        Assert.Equal([90, 60], refreshed.Lines.Select(l => l.Line.ActualMinutes).Order().Reverse());
        Assert.Equal(150m + 100m, refreshed.Amount); // 1.5 h and 1 h at 100
        Assert.Equal(new Dictionary<Guid, Guid> { [client.Entries[0]] = card.Id, [client.Entries[2]] = card.Id }, await _world.ClaimsAsync());
        var claims = (await ClaimMessagesAsync())[^1];
        Assert.Equal(2L, claims.ClaimVersion);
        Assert.Equal(new[] { client.Entries[0], client.Entries[2] }.Order(), claims.TimeEntryIds.Order());
        Assert.Equal(ReportStatus.Sent, (await SendAsync(card.Id)).Report.Status);
    }

    [Fact]
    public async Task Taking_a_line_back_prices_it_from_its_time_as_it_is_now()
    {
        var client = await _world.SeedAsync(entries: 3);
        var card = await _world.CreatedAsync(Request(client.Company));
        var line = card.Lines.Single(l => l.Line.TimeEntryIds.Contains(client.Entries[0]));
        await SetExcludedAsync(card.Id, line.No, true);
        await _world.Events.DeliverAsync(
            Changed(client.Entries[0], client.Tasks[0], client.Project, client.Company, version: 2, date: new DateOnly(2026, 11, 1), minutes: 120));

        var included = await SetExcludedAsync(card.Id, line.No, false);

        var back = included.Lines.Single(l => l.No == line.No);
        Assert.Equal((false, 120, 200m), (back.Excluded, back.Line.ActualMinutes, back.Line.Amount));
        Assert.Empty(included.StaleLines);
    }

    private async Task<List<ReportClaimsChanged>> ClaimMessagesAsync()
    {
        await using var db = _world.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(ReportClaimsChanged).FullName + ","))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync();
        return [.. rows.Select(r => JsonSerializer.Deserialize<ReportClaimsChanged>(r.Body, MessageJson.Options)!).OrderBy(m => m.ClaimVersion)];
    }

    private async Task<List<Notification>> LockNoticesAsync()
    {
        await using var db = _world.NewDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.Kind == "lock-refused").ToListAsync();
    }

    private Task ConfirmAsync(TimeLockConfirmed confirmed) => _world.App.Bus.DeliverAsync(confirmed);

    private async Task<ReportCard> SetExcludedAsync(Guid id, int no, bool excluded)
    {
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        return await _world.SetExcludedAsync(id, no, excluded);
    }

    private Task<ReportCard> RefreshAsync(Guid id) => _world.RefreshAsync(id);

    private Task<SentReport> SendAsync(Guid id) => _world.SendAsync(id);

    /// <summary>The lines a 409 refusal names as stale.</summary>
    private static async Task<List<StaleLine>> StaleLinesAsync(HttpResponseMessage response) =>
        (await ConflictAsync(response, "Time changed under the report.")).GetProperty("staleLines").Deserialize<List<StaleLine>>(ReportingApp.Json)!;
}
