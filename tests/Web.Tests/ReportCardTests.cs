using System.Net;
using Clearhours.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearhours.Web.Tests;

/// <summary>The report card /reports/{id}, rendered by the real app, the APIs behind it faked.</summary>
public sealed class ReportCardTests : IDisposable
{
    private readonly WebApp app = new();
    private readonly List<string> sent = [];
    private readonly WebApplicationFactory<Program> site;

    public ReportCardTests() => site = app.Recording(sent);

    [Fact]
    public async Task The_card_shows_the_lines_by_task_the_totals_the_hash_and_the_history()
    {
        using var browser = await SignedInAsync("manager");
        var card = BoardSamples.Card(ReportStatus.Sent);
        app.Gateway.AnswerCard(card);

        var (response, page) = await browser.GetAsync($"/reports/{card.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Отчёт R-2026-0007", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Bearer token-of-maria", Assert.Single(app.Gateway.Requests, r => r.Path == $"/api/reports/{card.Id}").Authorization);
        var rows = page.QuerySelectorAll(".lines tr, .lines fluent-data-grid-row").Skip(1).ToList();
        Assert.Equal(["1", "3", "2"], rows.Select(r => r.Children[0].TextContent.Trim()));
        Assert.Equal("WEB-1 Checkout page", rows[0].QuerySelector("a[href='https://planner.example/WEB-1']")!.TextContent);
        Assert.Contains("Не оплачивается: Internal meeting", rows[2].TextContent);
        Assert.Contains("1\u00A0234,50 BYN", rows[0].TextContent);
        Assert.Contains("12,5", rows[0].TextContent);
        Assert.Equal("1\u00A0280,00 BYN", page.QuerySelector(".totals dd.grand")!.TextContent);
        Assert.Contains("-34,50 BYN", page.QuerySelector(".adjustments")!.TextContent);
        Assert.Equal(new string('c', 64), page.QuerySelector("p.hash code")!.TextContent);
        var history = page.QuerySelectorAll(".history li").Select(li => li.TextContent).ToList();
        Assert.Contains("01.11.2026 09:00 UTC", history[0]);
        Assert.Contains("Черновик → Ожидает утверждения", history[1]);
        Assert.Contains("maria", history[1]);
        Assert.Equal("Заблокировано в Задачах: 12 из 12.", page.QuerySelector(".locks")!.TextContent.Trim());
        Assert.Equal(["Отозвать", "Отменить отчёт"], page.QuerySelectorAll(".card-actions")[0].QuerySelectorAll("fluent-button").Select(b => b.TextContent.Trim()));
        Assert.Empty(page.QuerySelectorAll(".adjustment-form"));
    }

    [Fact]
    public async Task The_changes_the_client_asked_for_are_shown_and_the_disputed_lines_highlighted()
    {
        using var browser = await SignedInAsync("manager");
        var card = BoardSamples.Card(ReportStatus.ChangesRequested) with
        {
            ChangeRequests = [new ChangeRequest("Line 3 was not ours", [3], "Anna", new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero), null)],
        };
        app.Gateway.AnswerCard(card);

        var (_, page) = await browser.GetAsync($"/reports/{card.Id}");

        var changes = page.QuerySelector(".client-answer.changes")!;
        Assert.Contains("Line 3 was not ours", changes.TextContent);
        Assert.Contains("Оспоренные строки: 3", changes.TextContent);
        Assert.Contains("Anna", changes.TextContent);
        var disputed = Assert.Single(page.QuerySelectorAll(".lines tr.disputed"));
        Assert.Equal("3", disputed.Children[0].TextContent.Trim());
        Assert.Equal(["Вернуть в черновик", "Отменить отчёт"], page.QuerySelectorAll(".card-actions")[0].QuerySelectorAll("fluent-button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public async Task Stale_lines_and_time_tasks_could_not_lock_are_said_plainly()
    {
        using var browser = await SignedInAsync("manager");
        var card = BoardSamples.Card() with
        {
            Locks = new LockStatus(12, 11, true, [new TimeLockRefusal(Guid.NewGuid(), "held by another report", "R-2026-0003")]),
            StaleLines = [new StaleLine(1, "WEB-1", ["ann's time on 2026-10-05 changed from 50 to 500 min"])],
        };
        app.Gateway.AnswerCard(card);

        var (_, page) = await browser.GetAsync($"/reports/{card.Id}");

        Assert.Equal("Заблокировано в Задачах: 11 из 12.", page.QuerySelector(".locks")!.TextContent.Trim());
        Assert.Contains("held by another report (R-2026-0003)", page.QuerySelector(".refused")!.TextContent);
        Assert.Equal("Строка 1 (WEB-1): ann's time on 2026-10-05 changed from 50 to 500 min", page.QuerySelector(".stale-lines li")!.TextContent);
        Assert.Equal("1", Assert.Single(page.QuerySelectorAll(".lines tr.stale")).Children[0].TextContent.Trim());
    }

    [Fact]
    public async Task An_approved_and_invoiced_card_shows_the_approval_the_payments_the_balance_and_the_documents()
    {
        using var browser = await SignedInAsync("manager");
        var invoiceDoc = Guid.NewGuid();
        var card = BoardSamples.Card(ReportStatus.Invoiced) with
        {
            Approval = new ReportApproval("Anna Client", "anna@acme.test", new DateTimeOffset(2026, 11, 4, 12, 0, 0, TimeSpan.Zero), "203.0.113.7", new string('c', 64)),
            InvoiceNumber = "СЧ-2026-0001",
            Payments = [new ReportPayment(Guid.NewGuid(), "СЧ-2026-0001", "manual", 280m, new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), 1000m)],
            Balance = 1000m,
            Documents = [new ReportDocument(invoiceDoc, "invoice", "Счёт СЧ-2026-0001.pdf", new DateTimeOffset(2026, 11, 4, 12, 1, 0, TimeSpan.Zero), Guid.NewGuid(), 1, "SentToClient", "by e-mail")],
        };
        app.Gateway.AnswerCard(card);

        var (_, page) = await browser.GetAsync($"/reports/{card.Id}");

        var approval = page.QuerySelector(".client-answer.approved")!;
        Assert.Contains("Anna Client <anna@acme.test>", approval.TextContent);
        Assert.Contains("04.11.2026 12:00 UTC", approval.TextContent);
        Assert.Contains("Счёт СЧ-2026-0001, отчёт в статусе «Выставлен счёт»", page.Body!.TextContent);
        Assert.Contains("Вручную", page.Body.TextContent);
        Assert.Contains("280,00 BYN", page.Body.TextContent);
        Assert.Equal("1\u00A0000,00 BYN", page.QuerySelector(".balance strong")!.TextContent);
        var download = page.QuerySelector($"a[href='files/documents/{invoiceDoc}']")!;
        Assert.Equal("Счёт СЧ-2026-0001.pdf", download.TextContent);
        Assert.Contains("Отправлен клиенту", page.Body.TextContent);
        Assert.Contains("by e-mail", page.Body.TextContent);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/invoices"));
        Assert.Empty(page.QuerySelectorAll("input[type=file]"));
    }

    [Fact]
    public async Task An_admin_sees_the_invoice_as_billing_has_it_and_may_upload_the_signed_scan()
    {
        using var browser = await SignedInAsync("admin");
        var card = BoardSamples.Card(ReportStatus.Invoiced) with
        {
            InvoiceNumber = "СЧ-2026-0001",
            Balance = 1280m,
            Documents = [new ReportDocument(Guid.NewGuid(), "act", "Акт R-2026-0007.pdf", DateTimeOffset.UtcNow, Guid.NewGuid(), 1, "SentToClient", null)],
        };
        app.Gateway.AnswerCard(card);
        app.Gateway.Answer(HttpMethod.Get, "/api/invoices", HttpStatusCode.OK, new ReportInvoicePage(
            [new ReportInvoice(Guid.NewGuid(), "СЧ-2026-0001", "Overdue", "BYN", 1280m, 0m, 1280m, "RF18000", new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 18))], 1, 50, 1));

        var (_, page) = await browser.GetAsync($"/reports/{card.Id}");

        Assert.Equal($"/api/invoices?reportId={card.Id}", Assert.Single(sent, s => s.StartsWith("/api/invoices")));
        Assert.Equal("Bearer token-of-admin", Assert.Single(app.Gateway.Requests, r => r.Path == "/api/invoices").Authorization);
        Assert.Contains("Просрочен", page.Body!.TextContent);
        Assert.Contains("18.11.2026", page.Body.TextContent);
        Assert.NotNull(page.QuerySelector("label[for=signed-scan-file]"));
        Assert.NotNull(page.QuerySelector("input#signed-scan-file[type=file]"));
    }

    [Fact]
    public async Task A_card_that_does_not_exist_says_so_with_the_correlation_id()
    {
        using var browser = await SignedInAsync("manager");
        var id = Guid.NewGuid();
        app.Gateway.Problem(HttpMethod.Get, $"/api/reports/{id}", HttpStatusCode.NotFound, "Report not found.", "corr-404");

        var (response, page) = await browser.GetAsync($"/reports/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Отчёт", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Report not found.", page.QuerySelector(".notice.error")!.TextContent);
        Assert.Contains("corr-404", page.QuerySelector(".notice.error")!.TextContent);
    }

    [Fact]
    public async Task An_accountant_is_refused_the_card()
    {
        using var browser = await SignedInAsync("accountant");

        var (response, _) = await browser.GetAsync($"/reports/{BoardSamples.CardId}");

        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/reports"));
    }

    public void Dispose()
    {
        site.Dispose();
        app.Dispose();
    }

    private async Task<Browser> SignedInAsync(string role)
    {
        var browser = site.Browse();
        await browser.SignInAsync(app.Gateway, role == "manager" ? "maria" : role, role);
        return browser;
    }
}
