using System.Net;
using System.Text.Json;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Pages.Staff.Reports;
using Clearhours.Web.Components.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>The board's logic and its live screen: the columns of a filtered board, ages, moves with their reasons.</summary>
public sealed class BoardComponentTests : BunitContext
{
    private readonly FakeGateway gateway;

    public BoardComponentTests()
    {
        gateway = this.UseStaff();
        gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, BoardSamples.Clients());
    }

    [Fact]
    public void A_filtered_board_has_every_status_in_order_with_its_count_and_a_sum_per_currency()
    {
        var columns = BoardColumns.Of(
        [
            BoardSamples.Summary("R-1", ReportStatus.Sent, 100.10m, "USD"),
            BoardSamples.Summary("R-2", ReportStatus.Draft, 10m, "BYN", n: 2),
            BoardSamples.Summary("R-3", ReportStatus.Sent, 200.20m, "BYN", n: 3),
            BoardSamples.Summary("R-4", ReportStatus.Sent, 0.70m, "USD", n: 4),
        ]);

        Assert.Equal(Enum.GetValues<ReportStatus>(), columns.Select(c => c.Status));
        var sentColumn = columns[1];
        Assert.Equal(3, sentColumn.Count);
        Assert.Equal([new CurrencySum("BYN", 200.20m), new CurrencySum("USD", 100.80m)], sentColumn.Sums);
        Assert.Equal(["R-1", "R-3", "R-4"], sentColumn.Cards.Select(c => c.Number));
        Assert.All(columns.Skip(2), c => Assert.Equal((0, 0), (c.Count, c.Sums.Count)));
    }

    [Fact]
    public void A_reports_age_is_read_from_its_uuid7_id_and_an_id_without_a_time_has_none()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(5, BoardColumns.AgeInDays(BoardSamples.IdCreated(5), now));
        Assert.Equal(0, BoardColumns.AgeInDays(Guid.CreateVersion7(now.AddHours(-2)), now));
        Assert.Null(BoardColumns.AgeInDays(Guid.NewGuid(), now));
    }

    [Fact]
    public void Each_status_offers_only_the_moves_the_kanban_allows()
    {
        Assert.Equal([ReportMove.Send, ReportMove.Cancel], ReportMoves.For(ReportStatus.Draft));
        Assert.Equal([ReportMove.Recall, ReportMove.Cancel], ReportMoves.For(ReportStatus.Sent));
        Assert.Equal([ReportMove.Reopen, ReportMove.Cancel], ReportMoves.For(ReportStatus.ChangesRequested));
        Assert.Empty(ReportMoves.For(ReportStatus.Invoiced));
        Assert.Empty(ReportMoves.For(ReportStatus.Paid));
        Assert.Empty(ReportMoves.For(ReportStatus.Cancelled));
    }

    [Fact]
    public void The_cancel_dialog_cannot_be_confirmed_without_a_reason_and_sends_the_reason_trimmed()
    {
        string? confirmed = null;
        var dialog = Render<ReportMoveDialog>(p => p.Add(d => d.Move, ReportMove.Cancel).Add(d => d.Number, "R-2026-0007")
            .Add(d => d.OnConfirm, reason => confirmed = reason));

        Assert.Equal("Отменить отчёт R-2026-0007", dialog.Find("h2").TextContent);
        Assert.True(ConfirmButton(dialog).HasAttribute("disabled"));
        dialog.Find("fluent-text-area").Input("  Client closed the project  ");
        ConfirmButton(dialog).Click();

        Assert.Equal("Client closed the project", confirmed);
    }

    [Fact]
    public void The_reopen_dialog_asks_no_reason()
    {
        var confirmed = false;
        var dialog = Render<ReportMoveDialog>(p => p.Add(d => d.Move, ReportMove.Reopen).Add(d => d.Number, "R-2026-0007")
            .Add(d => d.OnConfirm, reason => confirmed = reason is null));

        Assert.Empty(dialog.FindAll("fluent-text-area"));
        ConfirmButton(dialog).Click();

        Assert.True(confirmed);
    }

    [Fact]
    public void Without_a_move_the_dialog_is_hidden()
    {
        var dialog = Render<ReportMoveDialog>(p => p.Add(d => d.Number, "R-2026-0007"));

        Assert.True(dialog.Find("fluent-dialog").HasAttribute("hidden"));
        Assert.Empty(dialog.FindAll("h2"));
    }

    [Fact]
    public void Sending_a_draft_from_the_board_posts_with_the_users_token_and_shows_the_clients_link_to_copy()
    {
        var board = BoardSamples.Board();
        var draft = board[0].Cards[0];
        gateway.Answer(HttpMethod.Get, "/api/reports/board", HttpStatusCode.OK, board);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{draft.Id}/send", HttpStatusCode.OK, new SentReport(
            BoardSamples.Card(ReportStatus.Sent), new ShareLinkCreated(draft.Id, "tok-abc", "/api/public/reports/tok-abc", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero))));
        var page = Render<Board>();

        Button(page, $"Отправить {draft.Number}").Click();
        Button(page, "Отправить").Click();

        var send = Assert.Single(gateway.Requests, r => r.Method == "POST");
        Assert.Equal($"/api/reports/{draft.Id}/send", send.Path);
        Assert.Equal("Bearer token-of-maria", send.Authorization);
        Assert.Equal("http://localhost/r/tok-abc", page.Find(".share-link fluent-text-field").GetAttribute("value"));
        Assert.Contains("31.12.2026", page.Find(".share-link").TextContent);
        Assert.Equal(2, gateway.Requests.Count(r => r.Path == "/api/reports/board"));
    }

    [Fact]
    public void A_move_the_api_refuses_shows_its_reason_and_correlation_id_and_leaves_the_board_as_it_was()
    {
        var board = BoardSamples.Board();
        var sentReport = board[1].Cards[0];
        gateway.Answer(HttpMethod.Get, "/api/reports/board", HttpStatusCode.OK, board);
        gateway.Problem(HttpMethod.Post, $"/api/reports/{sentReport.Id}/recall", HttpStatusCode.Conflict, "Not possible in this status.", "corr-409");
        var page = Render<Board>();

        Button(page, $"Отозвать {sentReport.Number}").Click();
        page.Find("fluent-text-area").Input("Wrong rate");
        Button(page, "Отозвать").Click();

        var recall = Assert.Single(gateway.Requests, r => r.Method == "POST");
        using var body = JsonDocument.Parse(recall.Body!);
        Assert.Equal("Wrong rate", body.RootElement.GetProperty("reason").GetString());
        var notice = page.Find(".notice.error");
        Assert.Contains("Not possible in this status.", notice.TextContent);
        Assert.Contains("corr-409", notice.TextContent);
        Assert.Single(gateway.Requests, r => r.Path == "/api/reports/board");
        Assert.True(page.Find("fluent-dialog").HasAttribute("hidden"));
    }

    private static AngleSharp.Dom.IElement ConfirmButton(IRenderedComponent<ReportMoveDialog> dialog) =>
        dialog.FindAll("fluent-dialog fluent-button")[0];

    /// <summary>A button by its accessible name: its aria-label, else its text.</summary>
    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> page, string name) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("fluent-button").Single(b => (b.GetAttribute("aria-label") ?? b.TextContent.Trim()) == name
            && !(b.Closest("fluent-dialog")?.HasAttribute("hidden") ?? false));
}
