using System.Net;
using System.Text.Json;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Lines left out and taken back, adjustments, the board and the search, over HTTP against a real PostgreSQL.</summary>
public sealed class ReportEditAndBoardTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "reportedit");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Excluding_a_line_frees_its_time_and_lowers_the_amount_including_claims_it_again()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var line = card.Lines[0];

        var excluded = await SetExcludedAsync(card.Id, line.No, true);

        Assert.True(excluded.Lines[0].Excluded);
        Assert.Equal(card.Amount - line.Line.Amount, excluded.Amount);
        Assert.Equal(card.Amount - line.Line.Amount, (await _world.GetAsync(card.Id)).Amount);
        var claims = await _world.ClaimsAsync();
        Assert.All(line.Line.TimeEntryIds, e => Assert.False(claims.ContainsKey(e)));
        Assert.Equal(line.Line.TimeEntryIds.Order(), await _world.PreviewEntriesAsync(client.Company));

        var included = await SetExcludedAsync(card.Id, line.No, false);

        Assert.False(included.Lines[0].Excluded);
        Assert.Equal(card.Amount, included.Amount);
        claims = await _world.ClaimsAsync();
        Assert.All(client.Entries, e => Assert.Equal(card.Id, claims[e]));
        Assert.Empty(await _world.PreviewEntriesAsync(client.Company));
    }

    [Fact]
    public async Task Including_a_line_whose_time_another_report_took_meanwhile_is_a_409_naming_it()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var line = card.Lines[0];
        await SetExcludedAsync(card.Id, line.No, true);
        var other = await _world.CreatedAsync(Request(client.Company));
        Assert.Equal(line.Line.TimeEntryIds.Order(), EntriesOf(other));

        var result = await _world.SetExcludedResponseAsync(card.Id, line.No, false);

        var problem = await ReportingApp.ProblemAsync(result, HttpStatusCode.Conflict);
        var conflicts = problem.GetProperty("conflicts").Deserialize<List<ClaimConflict>>(ReportingApp.Json)!;
        Assert.Equal(line.Line.TimeEntryIds.Order(), conflicts.Select(c => c.TimeEntryId).Order());
        Assert.All(conflicts, c => Assert.Equal(other.Number, c.ReportNumber));
        var reloaded = await _world.GetAsync(card.Id);
        Assert.True(reloaded.Lines[0].Excluded);
        Assert.Equal(card.Amount - line.Line.Amount, reloaded.Amount);
        var claims = await _world.ClaimsAsync();
        Assert.All(line.Line.TimeEntryIds, e => Assert.Equal(other.Id, claims[e]));
    }

    [Fact]
    public async Task Adjustments_change_the_amount_by_their_rounded_value()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        var up = await AdjustAsync(card.Id, 12.345m);
        var down = await AdjustAsync(card.Id, -0.005m);

        Assert.Equal(card.Amount + 12.35m, up.Amount);
        Assert.Equal(card.Amount + 12.35m - 0.01m, down.Amount);
        Assert.Equal([(1, 12.35m), (2, -0.01m)], down.Adjustments.Select(a => (a.No, a.Amount)));
        Assert.Equal(down.Amount, (await _world.GetAsync(card.Id)).Amount);
    }

    [Fact]
    public async Task Adjusting_or_excluding_in_a_sent_report_is_refused()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent);

        await RefusedMoveAsync(await _world.AdjustResponseAsync(card.Id, Adjustment(10m)));
        await RefusedMoveAsync(await _world.SetExcludedResponseAsync(card.Id, 1, true));
        Assert.Equal(card.Amount, (await _world.GetAsync(card.Id)).Amount);
        Assert.Equal(client.Entries.Count, (await _world.ClaimsAsync()).Count);
    }

    [Fact]
    public async Task The_board_counts_and_sums_per_currency_in_every_status()
    {
        var acme = await _world.SeedAsync("Acme", "EUR");
        var globex = await _world.SeedAsync("Globex", "USD");
        var early = await _world.CreatedAsync(Request(acme.Company, Nov1, new DateOnly(2026, 11, 10)));
        var late = await _world.CreatedAsync(Request(acme.Company, new DateOnly(2026, 11, 11), Nov30));
        var usd = await _world.CreatedAsync(Request(globex.Company));
        await _world.MoveAsync(late.Id, ReportStatus.Sent);

        var board = await ReportingApp.ReadAsync<List<BoardColumn>>(await _world.Manager.GetAsync("/api/reports/board"), HttpStatusCode.OK);

        Assert.Equal(Enum.GetValues<ReportStatus>(), board.Select(c => c.Status));
        var draft = board.Single(c => c.Status == ReportStatus.Draft);
        Assert.Equal(2, draft.Count);
        Assert.Equal([new CurrencySum("EUR", early.Amount), new CurrencySum("USD", usd.Amount)], draft.Sums.OrderBy(s => s.Currency));
        Assert.Equal([early.Id, usd.Id], draft.Cards.Select(c => c.Id).Order());
        var sent = board.Single(c => c.Status == ReportStatus.Sent);
        Assert.Equal((1, late.Id), (sent.Count, Assert.Single(sent.Cards).Id));
        Assert.Equal([new CurrencySum("EUR", late.Amount)], sent.Sums);
        Assert.All(board.Where(c => c.Status is not (ReportStatus.Draft or ReportStatus.Sent)), c =>
        {
            Assert.Equal(0, c.Count);
            Assert.Empty(c.Sums);
            Assert.Empty(c.Cards);
        });
    }

    [Fact]
    public async Task Each_card_carries_its_billed_hours_and_when_it_entered_its_status_and_the_board_filters_by_client_and_period()
    {
        var acme = await _world.SeedAsync("Acme", "EUR");
        var globex = await _world.SeedAsync("Globex", "USD");
        var early = await _world.CreatedAsync(Request(acme.Company, Nov1, new DateOnly(2026, 11, 10)));
        var late = await _world.CreatedAsync(Request(acme.Company, new DateOnly(2026, 11, 11), Nov30));
        await _world.CreatedAsync(Request(globex.Company));
        var created = _world.Clock.Now;
        _world.Clock.Advance(TimeSpan.FromHours(5));
        await _world.MoveAsync(late.Id, ReportStatus.Sent);

        var acmeBoard = await ReportingApp.ReadAsync<List<BoardColumn>>(
            await _world.Manager.GetAsync($"/api/reports/board?companyId={acme.Company}"), HttpStatusCode.OK);
        var november = await ReportingApp.ReadAsync<List<BoardColumn>>(
            await _world.Manager.GetAsync($"/api/reports/board?companyId={acme.Company}&from=2026-11-20&to=2026-11-30"), HttpStatusCode.OK);

        var draft = Assert.Single(acmeBoard.Single(c => c.Status == ReportStatus.Draft).Cards);
        var sent = Assert.Single(acmeBoard.Single(c => c.Status == ReportStatus.Sent).Cards);
        Assert.Equal((early.Id, early.Totals.BilledHours, created), (draft.Id, draft.BilledHours, draft.StatusSince));
        Assert.Equal((late.Id, late.Totals.BilledHours, _world.Clock.Now, created), (sent.Id, sent.BilledHours, sent.StatusSince, sent.CreatedAt));
        Assert.True(early.Totals.BilledHours > 0);
        Assert.Equal(2, acmeBoard.Sum(c => c.Count));
        Assert.Equal([late.Id], november.SelectMany(c => c.Cards).Select(c => c.Id));
        Assert.Equal([new CurrencySum("EUR", late.Amount)], november.Single(c => c.Status == ReportStatus.Sent).Sums);
    }

    [Fact]
    public async Task Search_finds_by_company_status_number_and_period_overlap()
    {
        var acme = await _world.SeedAsync("Acme", "EUR");
        var globex = await _world.SeedAsync("Globex", "USD");
        var early = await _world.CreatedAsync(Request(acme.Company, Nov1, new DateOnly(2026, 11, 10)));
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await _world.CreatedAsync(Request(acme.Company, new DateOnly(2026, 11, 11), Nov30));
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        var usd = await _world.CreatedAsync(Request(globex.Company));
        await _world.MoveAsync(late.Id, ReportStatus.Sent);

        Assert.Equal([late.Id, early.Id], await SearchAsync(companyId: acme.Company)); // newest first
        Assert.Equal([usd.Id], await SearchAsync(companyId: globex.Company));
        Assert.Equal([late.Id], await SearchAsync(status: ReportStatus.Sent));
        Assert.Equal([usd.Id, early.Id], await SearchAsync(status: ReportStatus.Draft));
        Assert.Equal([early.Id], await SearchAsync(number: early.Number));
        Assert.Equal([late.Id], await SearchAsync(number: late.Number[^4..]));
        Assert.Equal([usd.Id, early.Id], await SearchAsync(from: new DateOnly(2026, 10, 1), to: new DateOnly(2026, 11, 10))); // touches the last day
        Assert.Equal([usd.Id, late.Id], await SearchAsync(from: new DateOnly(2026, 11, 11), to: new DateOnly(2026, 12, 31)));
        Assert.Empty(await SearchAsync(from: new DateOnly(2026, 12, 1)));
        Assert.Equal([late.Id], await SearchAsync(companyId: acme.Company, status: ReportStatus.Sent, from: new DateOnly(2026, 11, 20)));
    }

    private async Task<List<Guid>> SearchAsync(
        Guid? companyId = null, ReportStatus? status = null, DateOnly? from = null, DateOnly? to = null, string? number = null)
    {
        var query = string.Join("&", new[]
        {
            companyId is null ? null : $"companyId={companyId}",
            status is null ? null : $"status={status}",
            from is null ? null : $"from={from:yyyy-MM-dd}",
            to is null ? null : $"to={to:yyyy-MM-dd}",
            number is null ? null : $"number={Uri.EscapeDataString(number)}",
        }.OfType<string>());
        var page = await ReportingApp.ReadAsync<Page<ReportSummary>>(await _world.Manager.GetAsync($"/api/reports?{query}"), HttpStatusCode.OK);
        Assert.Equal(page.Items.Count, page.Total);
        return [.. page.Items.Select(i => i.Id)];
    }

    private Task<ReportCard> SetExcludedAsync(Guid id, int no, bool excluded) => _world.SetExcludedAsync(id, no, excluded);

    private Task<ReportCard> AdjustAsync(Guid id, decimal amount) => _world.AdjustAsync(id, Adjustment(amount));

    private static AdjustmentRequest Adjustment(decimal amount) => new("Discount", amount, "Goodwill");
}
