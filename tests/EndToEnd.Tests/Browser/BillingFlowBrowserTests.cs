using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>
/// The whole money flow in Chromium through the gateway: report, the client's change request, the revision, the
/// approval, the invoice paid in two parts, the board, the bell. Tasks and time come through the API, as the
/// planner's import brings them.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class BillingFlowBrowserTests(SystemFixture system, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_report_disputed_on_a_phone_revised_resent_approved_and_paid_in_two_parts_ends_Paid()
    {
        var api = await system.StaffClientAsync("manager");
        var accountantApi = await system.StaffClientAsync("accountant");

        // Time on two tasks of one project at 120 BYN an hour: "Checkout page" 90 + 45 min = 2.25 h = 270.00 BYN,
        // "Search page" 60 min = 1 h = 120.00 BYN; 390.00 BYN in all.
        var checkout = await Flows.RecordWorkAsync(api, 90, 45);
        var work = await AddTaskAsync(api, checkout, "Search page", 60);

        await using var manager = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Desktop, output);
        await manager.SignInAsync("manager");

        // The manager builds the report: the link names the client and period, so the builder previews at once; the project
        // and the work type narrow it, the preview runs again, and Create leads to the new report's card.
        await manager.GotoAsync($"/reports/new?companyId={work.CompanyId}&from={work.From:yyyy-MM-dd}&to={work.To:yyyy-MM-dd}");
        await Expect(manager.Page.GetByText("Search page").First).ToBeVisibleAsync();
        // Clicked, then awaited until checked: under load a render for the first filter can arrive after the second
        // click and draw its box unchecked until the server has taken that click too (CheckAsync looks only once).
        foreach (var filter in new[] { "Website", "Development" })
        {
            var box = manager.Page.GetByRole(AriaRole.Checkbox, new() { Name = filter, Exact = true });
            await box.ClickAsync();
            await Expect(box).ToBeCheckedAsync();
            await Expect(manager.Page.GetByText("Фильтры изменились после предпросмотра", new() { Exact = false })).ToBeVisibleAsync();
        }

        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Предпросмотр", Exact = true }).ClickAsync();
        await Expect(manager.Page.GetByText("Фильтры изменились после предпросмотра", new() { Exact = false })).ToHaveCountAsync(0);
        await Expect(manager.Page.GetByTestId("live-total")).ToHaveTextAsync("390,00 BYN");
        await manager.ShowsAsync("flow-builder");
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Создать отчёт", Exact = true }).ClickAsync();
        await Expect(manager.Page).ToHaveURLAsync(new Regex("/reports/[0-9a-f-]{36}$"));
        var reportId = Guid.Parse(manager.Page.Url[^36..]);
        var card = await api.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}");
        var number = card.GetProperty("number").GetString()!;
        await Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Отчёт {number}");
        await Expect(manager.Page.Locator("dd.amount")).ToHaveTextAsync("390,00 BYN");
        Assert.Equal(390.00m, card.GetProperty("totals").GetProperty("amount").GetDecimal());
        Assert.Equal([work.ProjectId], card.GetProperty("filters").GetProperty("projectIds").EnumerateArray().Select(p => p.GetGuid()));
        Assert.Equal(["Development"], card.GetProperty("filters").GetProperty("workTypes").EnumerateArray().Select(p => p.GetString()));
        var token = await SendOnTheCardAsync(manager, number);

        // The client opens the link on a phone and disputes the search page.
        await using (var client = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Phone, output))
        {
            await client.GotoAsync($"/r/{token}");
            await Expect(client.Page.Locator("dd.grand")).ToHaveTextAsync("390,00 BYN");
            await client.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Search page" }).GetByRole(AriaRole.Checkbox).CheckAsync();
            await client.Page.GetByLabel("Комментарий").FillAsync("The search page was not ordered.");
            await client.Page.GetByLabel("Имя (необязательно)").FillAsync("Olga Client");
            await client.Page.GetByRole(AriaRole.Button, new() { Name = "Отправить запрос" }).ClickAsync();
            await Expect(client.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Спасибо, запрос отправлен.");
            await client.ShowsAsync("flow-client-changes-requested-phone");
        }

        var requested = await api.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}");
        Assert.Equal("ChangesRequested", requested.GetProperty("status").GetString());
        var searchLine = requested.GetProperty("lines").EnumerateArray()
            .Single(l => l.GetProperty("line").GetProperty("title").GetString() == "Search page").GetProperty("no").GetInt32();
        var request = Assert.Single(requested.GetProperty("changeRequests").EnumerateArray());
        Assert.Equal([searchLine], request.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal(("The search page was not ordered.", "Olga Client"),
            (request.GetProperty("comment").GetString(), request.GetProperty("name").GetString()));

        // The manager revises on the card: back to draft, the disputed line left out, 20.00 BYN taken off:
        // 270.00 − 20.00 = 250.00 BYN; and sends it again (a new link).
        await manager.GotoAsync($"/reports/{reportId}");
        await Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Name = "Клиент просит изменений" })).ToBeVisibleAsync();
        await Expect(manager.Page.GetByText("The search page was not ordered.").First).ToBeVisibleAsync();
        await manager.ShowsAsync("report-card-changes-requested");
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Вернуть в черновик", Exact = true }).ClickAsync();
        await OpenDialog(manager).GetByRole(AriaRole.Button, new() { Name = "Вернуть в черновик", Exact = true }).ClickAsync();
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = $"Исключить строку {searchLine}" }).ClickAsync();
        await Expect(manager.Page.GetByRole(AriaRole.Button, new() { Name = $"Вернуть строку {searchLine}" })).ToBeVisibleAsync();
        await TypeAsync(manager.Page.GetByLabel("Описание"), "Goodwill discount");
        await TypeAsync(manager.Page.GetByLabel("Сумма, BYN (скидка со знаком минус)"), "-20");
        await TypeAsync(manager.Page.GetByLabel("Причина"), "The search page dispute");
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Добавить", Exact = true }).ClickAsync();
        await Expect(manager.Page.Locator("dd.amount")).ToHaveTextAsync("250,00 BYN");
        await manager.ShowsAsync("report-card-draft");
        var newToken = await SendOnTheCardAsync(manager, number);
        Assert.NotEqual(token, newToken);

        // The client approves the revised report on the phone.
        await using (var client = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Phone, output))
        {
            await client.GotoAsync($"/r/{newToken}");
            // Case-sensitive: the adjustment's reason speaks of "the search page" too.
            await Expect(client.Page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex("Search page") })).ToHaveCountAsync(0);
            await Expect(client.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Goodwill discount" })).ToContainTextAsync("-20,00 BYN");
            await Expect(client.Page.Locator("dd.grand")).ToHaveTextAsync("250,00 BYN");
            await client.Page.GetByLabel("Имя", new() { Exact = true }).FillAsync("Olga Client");
            await client.Page.GetByLabel("Электронная почта").FillAsync("olga@client.example");
            await client.Page.GetByRole(AriaRole.Button, new() { Name = "Утвердить" }).ClickAsync();
            await Expect(client.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Спасибо, отчёт утверждён.");
            await client.ShowsAsync("flow-client-approved-phone");
        }

        // The accountant signs in and finds the invoice of 250.00 BYN in the list, narrowed to the client.
        var found = await Flows.EventuallyAsync(
            () => accountantApi.GetFromJsonAsync<JsonElement>($"/api/invoices?reportId={reportId}"),
            page => page.GetProperty("total").GetInt32() > 0, "the invoice of the approved report");
        var invoiceNumber = Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("number").GetString()!;
        await using var accountant = await BrowserTab.OpenAsync(browser, system, BrowserFixture.Desktop, output);
        await accountant.SignInAsync("accountant");
        await accountant.GotoAsync($"/invoices?companyId={work.CompanyId}");
        var row = accountant.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = invoiceNumber });
        await Expect(row).ToContainTextAsync(number);
        await Expect(row).ToContainTextAsync("250,00 BYN");
        await accountant.ShowsAsync("flow-invoices");

        // Two partial payments, 100.00 + 150.00 BYN, recorded by hand on the invoice's page.
        await accountant.Page.GetByRole(AriaRole.Link, new() { Name = invoiceNumber }).ClickAsync();
        await Expect(accountant.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(invoiceNumber);
        await accountant.SettledAsync();
        await RecordPaymentAsync(accountant, "100,00", $"BROWSER-{reportId:N}-1");
        await Expect(accountant.Page.GetByTestId("payment-receipt")).ToContainTextAsync("100,00 BYN");
        // The page shows the payment in its table once it has read the invoice again, and the form is empty for the next.
        // (Both the payments table and the ledger name it.)
        await Expect(accountant.Page.Locator("table").Filter(new() { HasText = $"BROWSER-{reportId:N}-1" })).ToHaveCountAsync(2);
        await Expect(accountant.Page.GetByLabel("Сумма, BYN")).ToHaveValueAsync("");
        await RecordPaymentAsync(accountant, "150,00", $"BROWSER-{reportId:N}-2");
        await Expect(accountant.Page.GetByTestId("payment-receipt")).ToContainTextAsync("150,00 BYN");
        var invoice = await Flows.EventuallyAsync(
            () => accountantApi.GetFromJsonAsync<JsonElement>($"/api/invoices/{Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid()}"),
            paid => paid.GetProperty("status").GetString() == "Paid", "the invoice paid in full");
        Assert.Equal(0m, invoice.GetProperty("balance").GetDecimal());
        await accountant.ShowsAsync("flow-invoice-paid");

        // The board, narrowed to the client, shows the report under Paid.
        await Flows.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}"),
            report => report.GetProperty("status").GetString() == "Paid", "the report's Paid status");
        await manager.GotoAsync($"/board?client={work.CompanyId}");
        var paidColumn = manager.Page.Locator("section[data-status='Paid']");
        await Expect(paidColumn.GetByRole(AriaRole.Article, new() { Name = number })).ToContainTextAsync("250,00 BYN");
        await manager.ShowsAsync("flow-board-paid");

        // The card lists both payments and nothing left to pay (each PaymentApplied reaches Reporting on its own, and one
        // that overtook the invoice waits for redelivery).
        await Flows.EventuallyAsync(() => api.GetFromJsonAsync<JsonElement>($"/api/reports/{reportId}"),
            report => report.GetProperty("payments").GetArrayLength() == 2, "both payments on the report's card", TimeSpan.FromSeconds(90));
        await manager.GotoAsync($"/reports/{reportId}");
        // Fluent's data grid (a table) does not pass its aria-label on, so the table is found by what it holds.
        var payments = manager.Page.Locator("table").Filter(new() { HasText = "100,00 BYN" }).Filter(new() { HasText = "150,00 BYN" });
        await Expect(payments).ToHaveCountAsync(1);
        await manager.ShowsAsync("report-card-paid");

        // The bell counts what the manager has not read, and behind it are the payment and the report paid in full.
        await Expect(manager.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Уведомления: непрочитанных [1-9]") })).ToBeVisibleAsync();
        await manager.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Уведомления") }).ClickAsync();
        var paidNotice = manager.Page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Отчёт оплачен полностью" }).Filter(new() { HasText = number });
        await Expect(paidNotice).ToHaveCountAsync(1);
        await Expect(manager.Page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Получен платёж" }).Filter(new() { HasText = number }).First).ToBeVisibleAsync();
        await manager.ShowsAsync("notifications");
    }

    /// <summary>Sends the open card's report through its Send button and dialog; returns the token of the link it shows.</summary>
    private static async Task<string> SendOnTheCardAsync(BrowserTab manager, string number)
    {
        await manager.SettledAsync(); // a click on the card still prerendered opens no dialog
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Отправить", Exact = true }).First.ClickAsync();
        var dialog = OpenDialog(manager);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = $"Отправить отчёт {number}" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Отправить", Exact = true }).ClickAsync();
        var link = manager.Page.GetByRole(AriaRole.Textbox, new() { Name = $"Ссылка для клиента на отчёт {number}" });
        await Expect(link).ToHaveValueAsync(new Regex("/r/[A-Za-z0-9_-]+$"));
        var url = await link.InputValueAsync();
        return Uri.UnescapeDataString(url[(url.LastIndexOf("/r/", StringComparison.Ordinal) + 3)..]);
    }

    /// <summary>The dialog on screen (Fluent's dialog keeps its role inside its shadow root; its content is ours).</summary>
    private static ILocator OpenDialog(BrowserTab tab) => tab.Page.Locator("fluent-dialog:not([hidden])");

    /// <summary>Types into a Fluent field and leaves it, as a person does: the field reports its value on change.</summary>
    private static async Task TypeAsync(ILocator field, string text)
    {
        await field.FillAsync(text);
        await field.PressAsync("Tab");
    }

    /// <summary>A second task of the same project with one time entry, and <paramref name="work"/> widened to it.</summary>
    private static async Task<RecordedWork> AddTaskAsync(HttpClient manager, RecordedWork work, string title, int minutes)
    {
        var task = await Flows.PostAsync(manager, "/api/tasks", new
        {
            projectId = work.ProjectId, title, workType = "Development", status = "Done", billablePercent = 100,
        }, HttpStatusCode.Created);
        var entry = await Flows.PostAsync(manager, "/api/time-entries", new
        {
            taskId = task.GetProperty("id").GetGuid(), person = "Anna Developer", workDate = work.From.AddDays(5), minutes,
            comment = "Search results",
        }, HttpStatusCode.Created);
        var widened = work with { TimeEntryIds = [.. work.TimeEntryIds, entry.GetProperty("id").GetGuid()] };
        await Flows.WaitForPreviewAsync(manager, widened);
        return widened;
    }

    /// <summary>Fills the invoice page's payment form (amount as the accountant types it, the payment document's number) and sends it.</summary>
    private static async Task RecordPaymentAsync(BrowserTab accountant, string amount, string documentNumber)
    {
        await TypeAsync(accountant.Page.GetByLabel("Сумма, BYN"), amount);
        await TypeAsync(accountant.Page.GetByLabel("Номер платёжного документа"), documentNumber);
        await TypeAsync(accountant.Page.GetByLabel("Плательщик (необязательно)"), "E2E client LLC");
        await accountant.Page.GetByRole(AriaRole.Button, new() { Name = "Записать платёж" }).ClickAsync();
    }
}
