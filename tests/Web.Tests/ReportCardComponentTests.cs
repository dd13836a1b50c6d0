using System.Net;
using System.Text.Json;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Pages.Staff.Reports;
using Clearhours.Web.Components.Reports;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Clearhours.Web.Tests;

/// <summary>The live report card: its moves, lines, adjustments, link and signed scans, as the API answers them.</summary>
public sealed class ReportCardComponentTests : BunitContext
{
    [Fact]
    public void Lines_are_grouped_by_task_in_the_order_the_tasks_first_appear()
    {
        var card = BoardSamples.Card();

        Assert.Equal([1, 3, 2], ReportCardView.GroupedByTask(card.Lines).Select(l => l.No));
    }

    [Fact]
    public void The_disputed_lines_count_until_the_report_is_sent_again()
    {
        var asked = new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero);
        var card = BoardSamples.Card(ReportStatus.ChangesRequested) with { ChangeRequests = [new ChangeRequest("No", [2, 3], null, asked, null)] };
        var resent = card with
        {
            Status = ReportStatus.Sent,
            History = [.. card.History, new StatusChange(ReportStatus.Draft, ReportStatus.Sent, "maria", asked.AddDays(1), null)],
        };

        Assert.Equal([2, 3], ReportCardView.Disputed(card).Order());
        Assert.Equal([2, 3], ReportCardView.Disputed(card with { Status = ReportStatus.Draft }).Order());
        Assert.Empty(ReportCardView.Disputed(resent));
    }

    [Fact]
    public void Recalling_asks_a_reason_posts_it_and_shows_the_card_the_api_returns()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card(ReportStatus.Sent);
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{card.Id}/recall", HttpStatusCode.OK, card with
        {
            Status = ReportStatus.Draft,
            History = [.. card.History, new StatusChange(ReportStatus.Sent, ReportStatus.Draft, "maria", DateTimeOffset.UtcNow, "Wrong rate")],
        });
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        Button(page, "Отозвать").Click();
        page.Find("fluent-text-area").Input("Wrong rate");
        Button(page, "Отозвать").Click();

        var recall = Assert.Single(gateway.Requests, r => r.Method == "POST");
        Assert.Equal($"/api/reports/{card.Id}/recall", recall.Path);
        Assert.Equal("Bearer token-of-maria", recall.Authorization);
        using var body = JsonDocument.Parse(recall.Body!);
        Assert.Equal("Wrong rate", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal("Черновик", page.Find(".card-head fluent-badge").TextContent.Trim());
        Assert.Contains("Wrong rate", page.FindAll(".history li").Last().TextContent);
        Assert.Equal(["Отправить", "Отменить отчёт"], page.FindAll(".card-actions")[0].QuerySelectorAll("fluent-button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void Cancelling_an_approved_report_as_a_manager_shows_why_the_api_refused()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card(ReportStatus.Approved);
        gateway.AnswerCard(card);
        gateway.Problem(HttpMethod.Post, $"/api/reports/{card.Id}/cancel", HttpStatusCode.Forbidden, "Only an admin may cancel an approved report.", "corr-403");
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        Button(page, "Отменить отчёт").Click();
        page.Find("fluent-text-area").Input("Client went bankrupt");
        Button(page, "Отменить отчёт").Click();

        using var body = JsonDocument.Parse(Assert.Single(gateway.Requests, r => r.Method == "POST").Body!);
        Assert.Equal("Client went bankrupt", body.RootElement.GetProperty("comment").GetString());
        var notice = page.Find(".notice.error");
        Assert.Contains("Only an admin may cancel an approved report.", notice.TextContent);
        Assert.Contains("corr-403", notice.TextContent);
        Assert.Equal("Утверждён", page.Find(".card-head fluent-badge").TextContent.Trim());
    }

    [Fact]
    public void Leaving_a_draft_line_out_posts_it_and_the_totals_come_from_the_apis_answer()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card();
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{card.Id}/lines/3/exclude", HttpStatusCode.OK, card with
        {
            Lines = [.. card.Lines.Select(l => l.No == 3 ? l with { Excluded = true } : l)],
            Totals = card.Totals with { ActualHours = 14m, BilledHours = 12.5m, Amount = 1200m },
            Amount = 1200m,
        });
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        Button(page, "Исключить строку 3").Click();

        Assert.Equal($"/api/reports/{card.Id}/lines/3/exclude", Assert.Single(gateway.Requests, r => r.Method == "POST").Path);
        Assert.Equal("1\u00A0200,00 BYN", page.Find(".totals dd.grand").TextContent);
        Assert.Equal("14", page.Find(".totals dd").TextContent);
        Assert.Contains("Исключена из отчёта", page.Find(".lines tr.excluded").TextContent);
        Assert.NotNull(Button(page, "Вернуть строку 3"));
    }

    [Fact]
    public void Refreshing_a_drafts_stale_lines_posts_the_refresh_and_shows_the_lines_the_api_priced()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card() with { StaleLines = [new StaleLine(3, "WEB-1", ["ann's time on 2026-10-05 changed from 50 to 60 min"])] };
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{card.Id}/refresh", HttpStatusCode.OK, card with { StaleLines = [], Amount = 1293.33m });
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));
        Assert.Single(page.FindAll(".lines tr.stale"));

        Button(page, "Обновить строки").Click();

        Assert.Equal($"/api/reports/{card.Id}/refresh", Assert.Single(gateway.Requests, r => r.Method == "POST").Path);
        Assert.Empty(page.FindAll(".stale-lines"));
        Assert.Empty(page.FindAll(".lines tr.stale"));
        Assert.Equal("1\u00A0293,33 BYN", page.Find(".totals dd.grand").TextContent);
    }

    [Fact]
    public void An_adjustment_on_a_draft_is_posted_and_the_form_empties_once_the_api_took_it()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card();
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{card.Id}/adjustments", HttpStatusCode.OK, card with
        {
            Adjustments = [.. card.Adjustments, new Adjustment(2, "Rush fee", 100m, "Weekend work")],
            Amount = 1380m,
        });
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        var form = page.FindComponent<AdjustmentForm>();
        form.FindAll("fluent-text-field")[0].Change("Rush fee");
        form.Find("fluent-number-field").Change("100");
        form.FindAll("fluent-text-field")[1].Change("Weekend work");
        Button(page, "Добавить").Click();

        var posted = Assert.Single(gateway.Requests, r => r.Method == "POST");
        Assert.Equal($"/api/reports/{card.Id}/adjustments", posted.Path);
        using var body = JsonDocument.Parse(posted.Body!);
        Assert.Equal("Rush fee", body.RootElement.GetProperty("description").GetString());
        Assert.Equal(100m, body.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal("Weekend work", body.RootElement.GetProperty("reason").GetString());
        Assert.Equal("1\u00A0380,00 BYN", page.Find(".totals dd.grand").TextContent);
        Assert.Contains("Rush fee", page.Find(".adjustments").TextContent);
        Assert.True(string.IsNullOrEmpty(form.FindAll("fluent-text-field")[0].GetAttribute("value")));
    }

    [Fact]
    public void Re_sending_the_link_issues_a_new_one_to_copy_and_revoking_confirms_first()
    {
        var gateway = this.UseStaff();
        var card = BoardSamples.Card(ReportStatus.Sent);
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Post, $"/api/reports/{card.Id}/share-link", HttpStatusCode.Created,
            new ShareLinkCreated(card.Id, "tok-new", "/api/public/reports/tok-new", new DateTimeOffset(2027, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        gateway.Answer(HttpMethod.Delete, $"/api/reports/{card.Id}/share-link", HttpStatusCode.NoContent);
        var clipboard = JSInterop.SetupModule("./js/clipboard.js");
        clipboard.SetupVoid("copy", _ => true).SetVoidResult();
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        Button(page, "Отправить ссылку заново").Click();
        Button(page, "Отправить ссылку заново").Click();
        Assert.Equal("http://localhost/r/tok-new", page.Find(".share-link fluent-text-field").GetAttribute("value"));
        page.Find(".share-link fluent-button").Click();

        Button(page, "Отозвать ссылку").Click();
        Assert.DoesNotContain(gateway.Requests, r => r.Method == "DELETE");
        Button(page, "Отозвать ссылку").Click();

        Assert.Equal(["POST", "DELETE"], gateway.Requests.Where(r => r.Path.EndsWith("/share-link")).Select(r => r.Method));
        Assert.Equal("Ссылки клиента отозваны: они больше не открывают отчёт.", page.Find(".notice.ok").TextContent);
        Assert.Empty(page.FindAll(".share-link"));
        Assert.Equal("http://localhost/r/tok-new", clipboard.VerifyInvoke("copy").Arguments.Single());
    }

    [Fact]
    public void An_admin_uploads_the_clients_signed_scan_of_an_act_sent_to_them()
    {
        var gateway = this.UseStaff("admin");
        var act = Guid.NewGuid();
        var card = BoardSamples.Card(ReportStatus.Invoiced) with
        {
            InvoiceNumber = "СЧ-2026-0001",
            Documents = [new ReportDocument(act, "act", "Акт R-2026-0007.pdf", DateTimeOffset.UtcNow, Guid.NewGuid(), 1, "SentToClient", null)],
        };
        gateway.AnswerCard(card);
        gateway.Answer(HttpMethod.Get, "/api/invoices", HttpStatusCode.OK, new Page<ReportInvoice>([], 1, 50, 0));
        gateway.Answer(HttpMethod.Post, $"/api/documents/{act}/signed", HttpStatusCode.OK, new { });
        var page = Render<ReportCardPage>(p => p.Add(c => c.Id, card.Id));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("%PDF-1.7 signed", "scan.pdf", contentType: "application/pdf"));
        page.Find(".signed-scan fluent-text-field").Change("Signed on paper");
        Button(page, "Загрузить скан").Click();

        page.WaitForAssertion(() => Assert.Contains(gateway.Requests, r => r.Path == $"/api/documents/{act}/signed"));
        var upload = Assert.Single(gateway.Requests, r => r.Method == "POST");
        Assert.Equal("Bearer token-of-maria", upload.Authorization);
        Assert.Contains("name=scan; filename=scan.pdf", upload.Body);
        Assert.Contains("%PDF-1.7 signed", upload.Body);
        Assert.Contains("Signed on paper", upload.Body);
        page.WaitForAssertion(() => Assert.Equal(2, gateway.Requests.Count(r => r.Path == $"/api/reports/{card.Id}")));
    }

    /// <summary>A button by its accessible name (aria-label, else its text); while a dialog is open, the dialog's.</summary>
    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> page, string name) where T : IComponent
    {
        var dialog = page.FindAll("fluent-dialog:not([hidden]) fluent-button");
        return (dialog.Count > 0 ? dialog : page.FindAll("fluent-button"))
            .Single(b => (b.GetAttribute("aria-label") ?? b.TextContent.Trim()) == name);
    }
}
