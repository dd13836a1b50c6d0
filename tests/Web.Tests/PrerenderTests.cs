using System.Net;
using Clearhours.Web.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Clearhours.Web.Tests;

/// <summary>
/// Staff pages in a real browser over a real server (Kestrel): prerendered, then live in a circuit. What a page loaded
/// while prerendering goes to the circuit with the page, so the gateway is asked once per visit, not twice.
/// </summary>
public sealed class PrerenderTests : IAsyncLifetime
{
    /// <summary>Debian's Chromium: Playwright never downloads a browser here.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly WebApp app = new();
    private IPlaywright? playwright;
    private IBrowser? chromium;
    private string address = "";
    private int opened;

    public async Task InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        playwright = await Playwright.CreateAsync();
        chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine's network is closed: Chromium's own background calls would only fail, slowly and noisily.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.CloseAsync();
        }

        playwright?.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task An_invoice_is_read_once_and_shown_live()
    {
        app.Gateway.Answer(HttpMethod.Get, $"/api/invoices/{Billing.InvoiceId}", HttpStatusCode.OK, Billing.Card());
        var page = await SignedInAsync();

        await LiveAsync(page, $"/invoices/{Billing.InvoiceId}");

        Assert.Equal(1, Gets($"/api/invoices/{Billing.InvoiceId}"));
        Assert.Equal("Счёт СЧ-2026-0001", await page.Locator("h1").TextContentAsync());
    }

    [Fact]
    public async Task A_list_of_fifty_invoices_is_read_once_and_another_filter_in_the_same_circuit_is_read_anew()
    {
        // Fifty rows: more state than SignalR's default 32 KB message, which would leave the page never live.
        app.Gateway.AnswerInvoices([.. Enumerable.Range(1, 50).Select(n =>
            Billing.Summary(Guid.NewGuid(), $"СЧ-2026-{n:0000}", InvoiceStatus.Issued, 100m, 100m, new DateOnly(2026, 12, 31)))]);
        var page = await SignedInAsync();

        await LiveAsync(page, "/invoices");

        Assert.Equal(1, Gets("/api/invoices"));
        Assert.Equal(50, await page.Locator(".invoices a[href^='invoices/']").CountAsync());

        // The live page's rows are the circuit's own: the list it shows now is the one it asked for the new filter.
        app.Gateway.AnswerInvoices(Billing.Summary(Billing.OverdueId, "СЧ-2026-0099", InvoiceStatus.Overdue, 200m, 200m, new DateOnly(2026, 10, 31)));
        await page.Locator("#status-filter").SelectOptionAsync("Overdue");
        await Assertions.Expect(page.Locator(".invoices a[href^='invoices/']")).ToHaveTextAsync(["СЧ-2026-0099"]);
    }

    [Fact]
    public async Task A_report_that_could_not_be_read_is_asked_for_once_and_its_error_shown_live()
    {
        app.Gateway.Problem(HttpMethod.Get, $"/api/reports/{Billing.ReportId}", HttpStatusCode.NotFound, "Report not found.", "corr-404");
        var page = await SignedInAsync();

        await LiveAsync(page, $"/reports/{Billing.ReportId}");

        Assert.Equal(1, Gets($"/api/reports/{Billing.ReportId}"));
        Assert.Contains("Report not found.", await page.Locator("[role=alert]").First.TextContentAsync());
    }

    [Fact]
    public async Task A_grid_asks_for_its_first_page_once_and_shows_it_live()
    {
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, new Page<Company>(
            [new Company(Guid.NewGuid(), null, "Acme LLC", null, null, null, null, null, null, null, "BYN", 14, 1)], 1, 25, 1));
        var page = await SignedInAsync();

        await LiveAsync(page, "/clients");

        Assert.Equal(1, Gets("/api/companies"));
        await Assertions.Expect(page.GetByText("Acme LLC")).ToBeVisibleAsync();
    }

    /// <summary>Signs an admin in through the sign-in form, as a person does, the fake gateway issuing the token.</summary>
    private async Task<IPage> SignedInAsync()
    {
        app.Gateway.Answer(HttpMethod.Post, "/api/auth/token", HttpStatusCode.OK, new
        {
            accessToken = "token-of-anna", tokenType = "Bearer", expiresIn = 1800,
            expiresAt = DateTimeOffset.UtcNow.AddMinutes(30), roles = new[] { "admin" },
        });
        var context = await chromium!.NewContextAsync(new() { BaseURL = address, Locale = "ru-RU" });
        var page = await context.NewPageAsync();
        // A busy 2-core machine (the test run's other projects) can take more than the default 30 s to start a circuit.
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync("/signin");
        await page.Locator("input[name='Input.UserName']").FillAsync("anna");
        await page.Locator("input[name='Input.Password']").FillAsync("secret");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        await QuietAsync();
        return page;
    }

    /// <summary>Opens <paramref name="path"/> and waits until it is live and the gateway has heard all it will.</summary>
    private async Task LiveAsync(IPage page, string path)
    {
        opened = Requests().Count;
        await page.GotoAsync(path);
        await page.Locator("[data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await QuietAsync();
    }

    /// <summary>
    /// Until the gateway has had no request for half a second: a second load would come right after the circuit starts,
    /// possibly after the live marker (a root component of its own) is drawn.
    /// </summary>
    private async Task QuietAsync()
    {
        var count = -1;
        while (count != Requests().Count)
        {
            count = Requests().Count;
            await Task.Delay(500);
        }
    }

    /// <summary>The GETs of <paramref name="path"/> since the page was opened (signing in lands on a page of its own).</summary>
    private int Gets(string path) => Requests().Skip(opened).Count(r => r.Method == "GET" && r.Path == path);

    private List<(string Method, string Path)> Requests()
    {
        lock (app.Gateway.Requests)
        {
            return [.. app.Gateway.Requests.Select(r => (r.Method, r.Path))];
        }
    }
}
