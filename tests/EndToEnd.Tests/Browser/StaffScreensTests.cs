using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>
/// Every staff screen on this branch, opened in Chromium by the role it is for: one h1, no console or CSP error, no
/// serious or critical axe violation, and a screenshot. A screen added to the web app is added here.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class StaffScreensTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_managers_screens_open_clean_on_a_desktop_and_the_board_on_a_phone()
    {
        var api = await system.StaffClientAsync("manager");
        // A report on the board and a card to open: 90 + 45 minutes at 120 BYN an hour = 270.00 BYN, sent.
        var sent = await Flows.SentReportAsync(api, 90, 45);
        // And another client's month not billed yet, for the builder to preview: 60 + 30 minutes.
        var unbilled = await Flows.RecordWorkAsync(api, 60, 30);

        await using var desktop = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Desktop, output);
        await desktop.SignInAsync("manager");
        await Expect(desktop.Page).ToHaveURLAsync(new Uri(system.GatewayAddress, "/board").ToString());
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Name = "Доска отчётов", Level = 1 })).ToBeVisibleAsync();
        await Expect(desktop.Page.Locator("section[data-status='Sent']").GetByRole(AriaRole.Article, new() { Name = sent.Number }))
            .ToContainTextAsync("270,00 BYN");
        await desktop.ShowsAsync("board");

        foreach (var (path, screenshot) in new[]
                 {
                     ("/reports", "reports"),
                     ($"/reports/{sent.ReportId}", "report-card"),
                     ("/leakage", "leakage"),
                     ("/notifications", "notifications-list"),
                     ("/time", "time"),
                     ("/import", "import"),
                     ("/clients", "clients"),
                     ("/projects", "projects"),
                     ($"/projects/{sent.Work.ProjectId}", "project-card"),
                 })
        {
            await desktop.GotoAsync(path);
            await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
            await desktop.ShowsAsync(screenshot);
        }

        // A link with client and period previews at once.
        await desktop.GotoAsync($"/reports/new?companyId={unbilled.CompanyId}&from={unbilled.From:yyyy-MM-dd}&to={unbilled.To:yyyy-MM-dd}");
        await Expect(desktop.Page.GetByText(unbilled.TaskKey).First).ToBeVisibleAsync();
        await Expect(desktop.Page.GetByText("180,00 BYN").First).ToBeVisibleAsync(); // 1.5 h at 120 BYN
        await desktop.ShowsAsync("builder");

        await using var phone = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Phone, output, await desktop.StorageStateAsync());
        await phone.GotoAsync("/board");
        await Expect(phone.Page.GetByRole(AriaRole.Article, new() { Name = sent.Number })).ToBeVisibleAsync();
        await phone.ShowsAsync("board-phone");
        await phone.GotoAsync($"/reports/{sent.ReportId}");
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = $"Отчёт {sent.Number}", Level = 1 })).ToBeVisibleAsync();
        await phone.ShowsAsync("report-card-phone");
    }

    [Fact]
    public async Task The_accountants_screens_open_clean_and_the_accountant_starts_on_the_invoices()
    {
        await using var desktop = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Desktop, output);
        await desktop.SignInAsync("accountant");
        await Expect(desktop.Page).ToHaveURLAsync(new Uri(system.GatewayAddress, "/invoices").ToString());
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await desktop.ShowsAsync("invoices");

        await desktop.GotoAsync("/payments");
        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await desktop.ShowsAsync("payments");

        await using var phone = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Phone, output, await desktop.StorageStateAsync());
        await phone.GotoAsync("/invoices");
        await phone.ShowsAsync("invoices-phone");
    }

    [Fact]
    public async Task The_admin_sees_every_section_and_the_agency_profile()
    {
        await using var desktop = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Desktop, output);
        await desktop.SignInAsync("admin");
        await desktop.GotoAsync("/agency");

        await Expect(desktop.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        var sections = desktop.Page.GetByRole(AriaRole.Navigation, new() { Name = "Разделы" }).GetByRole(AriaRole.Link);
        await Expect(sections).ToHaveCountAsync(10);
        await desktop.ShowsAsync("agency");
    }
}
