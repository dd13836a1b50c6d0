using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Reports;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearhours.Web.Tests;

/// <summary>The report board /board and the search /reports, rendered by the real app, Reporting faked.</summary>
public sealed class BoardTests : IDisposable
{
    private readonly WebApp app = new();
    private readonly List<string> sent = [];
    private readonly WebApplicationFactory<Program> site;

    public BoardTests() => site = app.Recording(sent);

    [Fact]
    public async Task The_board_shows_each_status_with_its_count_sums_and_cards_and_folds_the_cancelled_away()
    {
        using var browser = await ManagerAsync();
        var board = BoardSamples.Board();
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/board", HttpStatusCode.OK, board);

        var (response, page) = await browser.GetAsync("/board");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Доска отчётов", page.QuerySelector("h1")!.TextContent);
        var columns = page.QuerySelectorAll(".board section.column");
        Assert.Equal(["Draft", "Sent", "ChangesRequested", "Approved", "Invoiced", "Paid"], columns.Select(c => c.GetAttribute("data-status")!));
        var draft = columns[0];
        Assert.Contains("Черновик", draft.QuerySelector("h2")!.TextContent);
        Assert.Equal("2", draft.QuerySelector("h2 fluent-badge")!.TextContent.Trim());
        Assert.Equal(["1\u00A0234,50 BYN", "300,00 USD"], draft.QuerySelectorAll(".column-sums li").Select(li => li.TextContent));
        var card = draft.QuerySelector(".tile")!;
        Assert.Equal($"reports/{board[0].Cards[0].Id}", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Equal("R-2026-0001", card.QuerySelector("h3 a")!.TextContent);
        Assert.Equal("Acme LLC", card.QuerySelector(".tile-client")!.TextContent);
        Assert.Equal("01.10.2026 – 31.10.2026", card.QuerySelector(".tile-period")!.TextContent);
        Assert.Equal("1\u00A0234,50 BYN", card.QuerySelector(".tile-amount")!.TextContent);
        Assert.Equal("3 дн.", card.QuerySelector(".tile-age")!.TextContent);
        Assert.Equal(["Отправить", "Отменить отчёт"], card.QuerySelectorAll(".tile-actions fluent-button").Select(b => b.TextContent.Trim()));
        Assert.Equal("И ещё 119 в поиске", columns[5].QuerySelector(".column-more a")!.TextContent);
        var cancelled = page.QuerySelector("details.cancelled")!;
        Assert.False(cancelled.HasAttribute("open"));
        Assert.Equal("Отменённые (1)", cancelled.QuerySelector("summary")!.TextContent);
        Assert.Contains("R-2026-0005", cancelled.TextContent);
    }

    [Fact]
    public async Task The_board_asks_reporting_with_the_signed_in_managers_token()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/reports/board", HttpStatusCode.OK, BoardSamples.Board());

        await browser.GetAsync("/board");

        var call = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/reports/board");
        Assert.Equal("Bearer token-of-maria", call.Authorization);
        Assert.Equal("GET", call.Method);
    }

    [Fact]
    public async Task A_filtered_board_is_built_from_the_search_of_that_client_and_period()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, BoardSamples.Clients());
        app.Gateway.Answer(HttpMethod.Get, "/api/reports", HttpStatusCode.OK, new ReportSearchPage(
            [
                BoardSamples.Summary("R-2026-0001", ReportStatus.Draft, 100m),
                BoardSamples.Summary("R-2026-0002", ReportStatus.Draft, 50.25m, n: 2),
                BoardSamples.Summary("R-2026-0003", ReportStatus.Paid, 70m, n: 3),
            ], 1, 500, 3));

        var (_, page) = await browser.GetAsync($"/board?client={BoardSamples.Acme}&from=2026-10-01&to=2026-10-31");

        var search = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/reports");
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path == "/api/reports/board");
        var query = Query(search.Path);
        Assert.Equal($"?companyId={BoardSamples.Acme}&from=2026-10-01&to=2026-10-31&page=1&pageSize=500", query);
        Assert.Equal("Bearer token-of-maria", search.Authorization);
        var draft = page.QuerySelector("section.column[data-status=Draft]")!;
        Assert.Equal("2", draft.QuerySelector("h2 fluent-badge")!.TextContent.Trim());
        Assert.Equal(["150,25 BYN"], draft.QuerySelectorAll(".column-sums li").Select(li => li.TextContent));
        Assert.Equal("Найдено отчётов: 3.", page.QuerySelector(".filter-note")!.TextContent.Trim());
        Assert.Contains("Acme LLC", page.QuerySelector(".filters")!.TextContent);
    }

    [Fact]
    public async Task A_board_the_api_cannot_give_shows_the_reason_with_its_correlation_id()
    {
        using var browser = await ManagerAsync();
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, BoardSamples.Clients());
        app.Gateway.Problem(HttpMethod.Get, "/api/reports/board", HttpStatusCode.Forbidden, "The token has no manager role.", "corr-403");

        var (response, page) = await browser.GetAsync("/board");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var notice = page.QuerySelector(".notice.error")!;
        Assert.Contains("The token has no manager role.", notice.TextContent);
        Assert.Contains("corr-403", notice.TextContent);
        Assert.Empty(page.QuerySelectorAll("section.column"));
    }

    [Fact]
    public async Task An_accountant_is_refused_the_board_and_the_search_and_reporting_is_never_asked()
    {
        using var browser = site.Browse();
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (board, _) = await browser.GetAsync("/board");
        var (search, _) = await browser.GetAsync("/reports");

        Assert.Equal("/denied", board.Headers.Location!.AbsolutePath);
        Assert.Equal("/denied", search.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/reports"));
    }

    [Fact]
    public async Task The_search_sends_its_filters_and_lists_every_report_found_with_a_link_to_its_card()
    {
        using var browser = await ManagerAsync();
        var found = BoardSamples.Summary("R-2025-0042", ReportStatus.Paid, 825m, daysAgo: 400);
        app.Gateway.Answer(HttpMethod.Get, "/api/reports", HttpStatusCode.OK, new ReportSearchPage([found], 1, 50, 1));

        var (_, page) = await browser.GetAsync($"/reports?client={BoardSamples.Acme}&status=Paid&from=2025-01-01&to=2025-12-31&number=R-2025%2042");

        var search = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/reports");
        Assert.Equal($"?companyId={BoardSamples.Acme}&status=Paid&from=2025-01-01&to=2025-12-31&number=R-2025%2042&page=1&pageSize=50",
            Query(search.Path));
        Assert.Equal("Все отчёты", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Номер", "Клиент", "Название", "Период", "Статус", "Сумма"],
            page.QuerySelectorAll("fluent-data-grid-row[row-type=header] fluent-data-grid-cell, th").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0).Take(6));
        Assert.Equal($"reports/{found.Id}", page.QuerySelector($"a[href='reports/{found.Id}']")!.GetAttribute("href"));
        Assert.Contains("825,00 BYN", page.Body!.TextContent);
        Assert.Contains("Оплачен", page.Body.TextContent);
    }

    public void Dispose()
    {
        site.Dispose();
        app.Dispose();
    }

    private async Task<Browser> ManagerAsync()
    {
        var browser = site.Browse();
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        return browser;
    }

    /// <summary>The query string of the one call to <paramref name="path"/>.</summary>
    private string Query(string path) => Assert.Single(sent, s => s.StartsWith(path + "?"))[path.Length..];
}
