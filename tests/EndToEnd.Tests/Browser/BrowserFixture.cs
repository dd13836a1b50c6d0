using Microsoft.Playwright;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>
/// One headless Chromium for a test class: Debian's /usr/bin/chromium, never a browser Playwright downloads. Each
/// screen opens in a context of its own (a fresh cookie jar) in Russian, at a desktop's or a phone's size.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (.ci/run does)");
        _playwright = await Playwright.CreateAsync();
        // Events cross the system (Tasks → Reporting → Billing) before a screen can show them.
        Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await _playwright.Chromium.LaunchAsync(new()
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
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
