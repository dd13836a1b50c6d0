using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>
/// A page in a context of its own, on the gateway's address. It fails its test on any console error, uncaught script
/// error or Content-Security-Policy violation (Chromium reports those on the console), and <see cref="ShowsAsync"/>
/// scans each screen with axe and keeps a screenshot of it.
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>Console messages a test tolerates, each with why; none today (add one only with its reason and the way out).</summary>
    private static readonly KnownIssue[] KnownIssues = [];

    private readonly IBrowserContext _context;
    private readonly Uri _gateway;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _errors = [];
    private readonly HashSet<string> _expectedFailures = [];

    private BrowserTab(IBrowserContext context, IPage page, Uri gateway, ITestOutputHelper output)
    {
        _context = context;
        _gateway = gateway;
        _output = output;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type != "error" || IsExpectedFailure(message))
            {
                return;
            }

            // Code with no address is the test's own (axe, evaluated by Playwright): the app's CSP allows no eval.
            if (message.Location.StartsWith(':'))
            {
                _output.WriteLine($"from the test's own script: {message.Text}");
                return;
            }

            if (KnownIssues.FirstOrDefault(known => known.Matches(message)) is { } issue)
            {
                _output.WriteLine($"KNOWN ISSUE ({issue.Why}): {message.Text} ({message.Location})");
                return;
            }

            _errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => _errors.Add($"page error: {error}");
    }

    public IPage Page { get; }

    public static async Task<BrowserTab> OpenAsync(BrowserFixture browser, SystemFixture system, ViewportSize size, ITestOutputHelper output,
        string? storageState = null)
    {
        var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = system.GatewayAddress.ToString(),
            Locale = "ru-RU",
            TimezoneId = "Europe/Minsk",
            ViewportSize = size,
            IsMobile = size.Width < 600,
            HasTouch = size.Width < 600,
            StorageState = storageState,
        });
        // Generous: five builds may share this machine's two cores, and a first call wakes a service's caches.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return new BrowserTab(context, await context.NewPageAsync(), system.GatewayAddress, output);
    }

    /// <summary>Opens <paramref name="path"/> and checks the status it answered with.</summary>
    public async Task GotoAsync(string path, int status = 200)
    {
        ThrowIfBroken();
        if (status >= 400)
        {
            // Chromium logs the page's own error status as a failed resource: that is what this step expects.
            _expectedFailures.Add(new Uri(_gateway, path).ToString());
        }

        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status == status, $"GET {path}: expected {status}, got {response.Status}");
        await SettledAsync();
    }

    /// <summary>Signs in through the sign-in form as a development user (password "{name}-dev-password").</summary>
    public async Task SignInAsync(string userName)
    {
        await GotoAsync("/signin");
        await Page.GetByLabel("Имя пользователя").FillAsync(userName);
        await Page.GetByLabel("Пароль").FillAsync($"{userName}-dev-password");
        // The form posts to /signin, which redirects to the user's home once signed in. Waiting for that answer, not
        // for the next page's load, tells a refused sign-in (its status and notice) from a home screen slow to load.
        var answer = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync(),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == "/signin");
        if (answer.Status != 302)
        {
            await Page.WaitForLoadStateAsync();
            var notice = string.Join(" ", await Page.Locator("[role=alert]").AllInnerTextsAsync());
            Assert.Fail($"Signing in as {userName}: POST /signin answered {answer.Status}, not a redirect home. Notice: {notice}");
        }

        await Page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(Page.GetByText($"Вы вошли как {userName}")).ToBeVisibleAsync();
        await SettledAsync();
    }

    /// <summary>The cookies of this tab, for another tab of the same user.</summary>
    public Task<string> StorageStateAsync() => _context.StorageStateAsync();

    /// <summary>
    /// The screen as it is now: no console or script error so far, no serious or critical axe violation (the others
    /// are printed), and a full-page screenshot named <paramref name="screenshot"/>.png.
    /// </summary>
    public async Task ShowsAsync(string screenshot)
    {
        await SettledAsync();
        ThrowIfBroken();
        // The picture first: a screen that fails the scan is the one a person wants to see.
        await Screenshots.TakeAsync(Page, screenshot);

        var result = await Page.RunAxe();
        foreach (var violation in result.Violations.Where(v => !Blocking.Contains(v.Impact)))
        {
            _output.WriteLine($"axe {screenshot}: {violation.Impact} {violation.Id}: {violation.Help} ({Targets(violation)})");
        }

        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, $"axe on {screenshot} ({Page.Url}):\n" + string.Join("\n",
            blocking.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({Targets(v)})")));
        ThrowIfBroken();
    }

    public void ThrowIfBroken() =>
        Assert.True(_errors.Count == 0, $"The browser reported errors on {Page.Url}:\n{string.Join("\n", _errors)}");

    /// <summary>Closes the tab without a last check: throwing here would hide the test's own failure.</summary>
    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private bool IsExpectedFailure(IConsoleMessage message) =>
        message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal) && _expectedFailures.Any(url => message.Location.StartsWith(url + ":", StringComparison.Ordinal));

    /// <summary>Loaded, no request under way (Blazor's web socket does not count), and on a staff screen live too: clicks on a screen still prerendered would go nowhere.</summary>
    public async Task SettledAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await Page.Locator(".staff").CountAsync() > 0)
        {
            await Page.Locator("[data-live]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }
    }

    private static string Targets(AxeResultItem violation) =>
        string.Join(", ", violation.Nodes.Take(5).Select(n => Regex.Replace(n.Html, @"\s+", " ")));

    private sealed record KnownIssue(string Why, Func<IConsoleMessage, bool> Matches);
}
