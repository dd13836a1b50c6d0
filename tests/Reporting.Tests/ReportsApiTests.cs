using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using Clearhours.Reporting.Tests.Http;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Reports built, cancelled, edited, listed and boarded over HTTP against a real PostgreSQL.</summary>
public sealed partial class ReportsApiTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "reports");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- Create ----

    [Fact]
    public async Task Report_numbers_are_R_year_NNNN_unique_and_increasing()
    {
        var client = await _world.SeedAsync(entries: 30);
        var cards = new List<ReportCard>();
        foreach (var (from, to) in new[] { (1, 10), (11, 20), (21, 30) })
        {
            _world.Clock.Advance(TimeSpan.FromMinutes(5));
            cards.Add(await _world.CreatedAsync(Request(client.Company, new DateOnly(2026, 11, from), new DateOnly(2026, 11, to))));
        }

        Assert.All(cards, c => Assert.Matches(NumberPattern(), c.Number));
        var numbers = cards.Select(c => int.Parse(c.Number[^4..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
        Assert.Equal(numbers.Order(), numbers);
    }

    [Fact]
    public async Task A_created_report_bills_the_previews_lines_and_claims_their_time()
    {
        var client = await _world.SeedAsync();
        var preview = await _world.PreviewAsync(client.Company);

        var card = await _world.CreatedAsync(Request(client.Company));

        Assert.Equal(preview.Lines.Select(Flat), card.Lines.Select(l => Flat(l.Line)));
        Assert.All(card.Lines, l => Assert.False(l.Excluded));
        Assert.Equal(preview.Totals.Amount, card.Amount);
        Assert.Equal((ReportStatus.Draft, "EUR", client.Company), (card.Status, card.Currency, card.CompanyId));
        Assert.Equal([new StatusChange(null, ReportStatus.Draft, "manager", _world.Clock.Now, null)], card.History);
        var claims = await _world.ClaimsAsync();
        Assert.Equal(client.Entries.Order(), claims.Keys.Order());
        Assert.All(claims.Values, r => Assert.Equal(card.Id, r));
        Assert.Equal(card.Lines.Select(l => Flat(l.Line)), (await _world.GetAsync(card.Id)).Lines.Select(l => Flat(l.Line)));
    }

    [Fact]
    public async Task Claimed_time_disappears_from_later_previews_and_a_second_create_has_nothing_to_report()
    {
        var client = await _world.SeedAsync();
        await _world.CreatedAsync(Request(client.Company));

        Assert.Empty(await _world.PreviewEntriesAsync(client.Company));
        var problem = await ReportingApp.ProblemAsync(await _world.CreateAsync(Request(client.Company)), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Nothing to report.", problem.GetProperty("title").GetString());
    }

    // ---- Cancel ----

    [Fact]
    public async Task Cancelling_frees_the_time_records_history_and_tells_Tasks()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var cancelled = await _world.CancelAsync(card.Id, "wrong period");

        Assert.Equal(ReportStatus.Cancelled, cancelled.Status);
        Assert.Equal(new StatusChange(ReportStatus.Draft, ReportStatus.Cancelled, "manager", _world.Clock.Now, "wrong period"), cancelled.History[^1]);
        Assert.Equal(ReportStatus.Cancelled, (await _world.GetAsync(card.Id)).Status);
        Assert.Empty(await _world.ClaimsAsync());
        Assert.Equal(client.Entries.Order(), await _world.PreviewEntriesAsync(client.Company));

        await using var db = _world.NewDbContext();
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking().Where(NotClaims).ToListAsync());
        Assert.StartsWith(typeof(ReportCancelled).FullName + ",", outbox.MessageType);
        var message = JsonSerializer.Deserialize<ReportCancelled>(outbox.Body, MessageJson.Options)!;
        Assert.Equal((card.Id, card.Number, _world.Clock.Now), (message.ReportId, message.ReportNumber, message.CancelledAt));
        Assert.Equal(client.Entries.Order(), message.TimeEntryIds.Order());
    }

    [Fact]
    public async Task Cancelling_a_paid_report_is_refused_and_its_claims_stay()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        const ReportStatus status = ReportStatus.Paid;
        await _world.MoveAsync(card.Id, PathTo(status));
        var claimsBefore = await _world.ClaimsAsync();

        var refused = await RefusedMoveAsync(await _world.CancelResponseAsync(card.Id, "too late"));

        Assert.Equal((status, ReportStatus.Cancelled), refused);
        Assert.Equal(status, (await _world.GetAsync(card.Id)).Status);
        Assert.Equal(claimsBefore, await _world.ClaimsAsync());
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.Set<OutboxMessage>().Where(NotClaims).CountAsync());
    }

    // ---- Paid ----

    [Fact]
    public async Task A_paid_reports_time_never_appears_in_a_later_preview()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid);

        var paid = await _world.GetAsync(card.Id);
        Assert.Equal(ReportStatus.Paid, paid.Status);
        Assert.Equal(
            [ReportStatus.Draft, ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid],
            paid.History.Select(h => h.To));
        Assert.Empty(await _world.PreviewEntriesAsync(client.Company));
        Assert.Empty(await _world.PreviewEntriesAsync(client.Company, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        await ReportingApp.ProblemAsync(await _world.CreateAsync(Request(client.Company)), HttpStatusCode.UnprocessableEntity);
    }

    // ---- Helpers ----

    private static string Flat(ReportLine line) => $"{line with { TimeEntryIds = [] }} [{string.Join(",", line.TimeEntryIds)}]";

    private static ReportStatus[] PathTo(ReportStatus status) => status switch
    {
        ReportStatus.Sent => [ReportStatus.Sent],
        ReportStatus.Approved => [ReportStatus.Sent, ReportStatus.Approved],
        ReportStatus.Invoiced => [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced],
        ReportStatus.Paid => [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid],
        ReportStatus.Cancelled => [ReportStatus.Cancelled],
        _ => [],
    };

    [GeneratedRegex(@"^R-2026-\d{4}$")]
    private static partial Regex NumberPattern();
}
