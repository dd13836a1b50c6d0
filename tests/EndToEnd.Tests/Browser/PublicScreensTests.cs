using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>The screens anyone may open, in Chromium through the gateway: sign-in, the client's page, a dead link.</summary>
[Collection(nameof(SystemCollection))]
public sealed class PublicScreensTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_sign_in_page_asks_for_a_user_name_and_password_on_a_desktop_and_a_phone()
    {
        foreach (var (size, name) in new[] { (BrowserFixture.Desktop, "signin"), (BrowserFixture.Phone, "signin-phone") })
        {
            await using var tab = await BrowserTab.OpenAsync(browser, system, size, output);

            await tab.GotoAsync("/signin");

            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Вход для сотрудников", Level = 1 })).ToBeVisibleAsync();
            await Expect(tab.Page.GetByLabel("Имя пользователя")).ToBeEditableAsync();
            await Expect(tab.Page.GetByLabel("Пароль")).ToHaveAttributeAsync("type", "password");
            await tab.ShowsAsync(name);
        }
    }

    [Fact]
    public async Task The_client_reads_a_sent_report_with_its_lines_and_total_on_a_phone_and_a_desktop()
    {
        var manager = await system.StaffClientAsync("manager");
        // 90 + 45 minutes at 120 BYN an hour: 2.25 h × 120 = 270.00 BYN, one line for the one task.
        var sent = await Flows.SentReportAsync(manager, 90, 45);

        foreach (var (size, name) in new[] { (BrowserFixture.Phone, "client-page-phone"), (BrowserFixture.Desktop, "client-page") })
        {
            await using var tab = await BrowserTab.OpenAsync(browser, system, size, output);

            await tab.GotoAsync($"/r/{sent.Token}");

            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(sent.Number);
            await Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = $"{sent.Work.TaskKey} Checkout page" }))
                .ToHaveAttributeAsync("href", sent.Work.TaskUrl);
            await Expect(tab.Page.Locator("dd.grand")).ToHaveTextAsync("270,00 BYN");
            await Expect(tab.Page.GetByText(sent.Hash)).ToBeVisibleAsync();
            await Expect(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Утвердить" })).ToBeVisibleAsync();
            await tab.ShowsAsync(name);
        }
    }

    [Fact]
    public async Task A_link_that_opens_no_report_shows_the_dead_link_page_with_a_404()
    {
        await using var tab = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Phone, output);

        await tab.GotoAsync("/r/no-such-token", status: 404);

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Ссылка не работает", Level = 1 })).ToBeVisibleAsync();
        await tab.ShowsAsync("dead-link");
    }
}
