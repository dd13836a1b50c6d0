using System.Globalization;
using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Pages.Staff.Notifications;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Clearhours.Web.Tests;

/// <summary>The bell in the staff's header and the list behind it.</summary>
public sealed class NotificationsTests : IDisposable
{
    private const string Path = "/api/reports/notifications";
    private static readonly Guid ReportId = Guid.NewGuid();

    private readonly WebApp app = new();

    public static Page<Notification> Two() => new(
        [
            new(Guid.NewGuid(), ReportId, "R-2026-007", "payment", "Payment of 500.00 BYN received for R-2026-007.",
                new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), null),
            new(Guid.NewGuid(), ReportId, "R-2026-007", "approved", "Report R-2026-007 approved by Anna <anna@acme.test>.",
                new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero)),
        ], 1, 50, 2);

    [Fact]
    public async Task A_manager_sees_the_unread_count_on_the_bell_asked_with_their_own_token()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Answer(HttpMethod.Get, Path + "/unread", HttpStatusCode.OK, new UnreadNotifications(3));

        var (_, page) = await browser.GetAsync("/denied");

        var bell = page.QuerySelector("a.bell")!;
        Assert.Equal("Уведомления: непрочитанных 3", bell.GetAttribute("aria-label"));
        Assert.Equal("3", bell.QuerySelector(".count")!.TextContent);
        Assert.Equal("Bearer token-of-maria", app.Gateway.Requests.Last(r => r.Path == Path + "/unread").Authorization);
    }

    [Fact]
    public async Task An_accountant_has_no_bell_as_the_notifications_are_the_managers()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (_, page) = await browser.GetAsync("/denied");

        Assert.Null(page.QuerySelector("a.bell"));
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith(Path));
    }

    [Fact]
    public async Task The_list_names_each_kind_in_the_users_language_and_links_its_report()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Answer(HttpMethod.Get, Path, HttpStatusCode.OK, Two());

        var (_, page) = await browser.GetAsync("/notifications");
        var items = page.QuerySelectorAll("ul.notifications li");

        Assert.Equal(2, items.Length);
        Assert.Contains("Получен платёж", items[0].TextContent);
        Assert.Contains("unread", items[0].ClassList);
        Assert.Contains("Отчёт утверждён клиентом", items[1].TextContent);
        Assert.DoesNotContain("unread", items[1].ClassList);
        Assert.Equal($"reports/{ReportId}", items[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Each_notification_is_said_in_the_users_language_from_its_facts_and_one_without_them_in_Reportings_words()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        Notification Of(string kind, string text) => new(Guid.NewGuid(), ReportId, "R-2026-007", kind, text, at, null);
        app.Gateway.Answer(HttpMethod.Get, Path, HttpStatusCode.OK, new Page<Notification>(
            [
                Of("payment", "Payment 1234.50 BYN received.") with { Amount = 1234.50m, Balance = 265.50m, InvoiceNumber = "СЧ-2026-0007", Currency = "BYN" },
                Of("credit", "Credit applied.") with { Amount = 100m, Balance = 0m, InvoiceNumber = "СЧ-2026-0008", Currency = "BYN" },
                Of("paid", "Paid in full.") with { Amount = 1500m, Balance = 0m, InvoiceNumber = "СЧ-2026-0007", Currency = "BYN" },
                Of("approved", "Approved.") with { Who = "Anna <anna@acme.test>" },
                Of("changes-requested", "Changes.") with { Who = "Anna", Comment = "Line 2 was not ordered." },
                Of("changes-requested", "Changes.") with { Comment = "Too many hours." },
                Of("invoice-cancelled", "Cancelled.") with { InvoiceNumber = "СЧ-2026-0009", Comment = "Wrong requisites" },
                Of("lock-refused", "Not locked.") with { Count = 3 },
                Of("payment", "Payment 10.00 BYN received for R-2026-007 (before the facts were kept)."),
            ], 1, 50, 9));

        var (_, page) = await browser.GetAsync("/notifications");

        Assert.Equal(
            [
                "Платёж 1 234,50 BYN по счёту СЧ-2026-0007, осталось оплатить 265,50 BYN.",
                "Аванс 100,00 BYN зачтён в счёт СЧ-2026-0008, осталось оплатить 0,00 BYN.",
                "Счёт СЧ-2026-0007 оплачен полностью: 1 500,00 BYN.",
                "Утвердил(а): Anna <anna@acme.test>.",
                "Anna пишет: «Line 2 was not ordered.»",
                "Клиент пишет: «Too many hours.»",
                "Счёт СЧ-2026-0009 аннулирован: Wrong requisites.",
                "Задачи не закрепили за отчётом записей времени: 3. Исключите или обновите эти строки перед отправкой.",
                "Payment 10.00 BYN received for R-2026-007 (before the facts were kept).",
            ],
            page.QuerySelectorAll("ul.notifications li p").Select(p => p.TextContent.Replace('\u00a0', ' ').Replace('\u202f', ' ')));
    }

    [Fact]
    public async Task The_list_is_the_managers()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/notifications");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/denied", response.Headers.Location!.PathAndQuery);
    }

    public void Dispose() => app.Dispose();
}

/// <summary>The list's buttons, clicked.</summary>
public sealed class NotificationsListTests : BunitContext
{
    private readonly FakeGateway gateway;

    public NotificationsListTests()
    {
        gateway = this.UseStaff();
        gateway.Answer(HttpMethod.Get, "/api/reports/notifications", HttpStatusCode.OK, NotificationsTests.Two());
    }

    [Fact]
    public void Mark_all_read_asks_the_api_then_shows_the_list_again()
    {
        var list = Render<Notifications>();
        gateway.Answer(HttpMethod.Post, "/api/reports/notifications/read", HttpStatusCode.NoContent);

        list.FindAll("fluent-button").First(b => b.TextContent.Contains("Отметить все прочитанными")).Click();

        Assert.Contains(gateway.Requests, r => r is { Method: "POST", Path: "/api/reports/notifications/read" });
        Assert.Equal(2, gateway.Requests.Count(r => r is { Method: "GET", Path: "/api/reports/notifications" }));
    }

    [Fact]
    public void A_failed_mark_shows_the_apis_reason_with_its_correlation_id()
    {
        var list = Render<Notifications>();
        gateway.Problem(HttpMethod.Post, "/api/reports/notifications/read", HttpStatusCode.ServiceUnavailable, "Reporting is down.", "corr-503");

        list.FindAll("fluent-button").First(b => b.TextContent.Contains("Отметить все прочитанными")).Click();

        Assert.Contains("Reporting is down.", list.Find("[role=alert]").TextContent);
        Assert.Contains("corr-503", list.Find("[role=alert]").TextContent);
    }
}
