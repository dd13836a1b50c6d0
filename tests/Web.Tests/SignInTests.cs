using System.Net;

namespace Clearhours.Web.Tests;

/// <summary>Staff sign-in: a cookie session on the web side, the API token kept on the server and sent with each call.</summary>
public sealed class SignInTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task A_staff_screen_sends_an_anonymous_visitor_to_the_sign_in_and_back()
    {
        using var browser = Browser.Open(app);

        var (response, _) = await browser.GetAsync("/denied");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2Fdenied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Signing_in_asks_the_gateway_for_a_token_and_keeps_it_out_of_the_browser()
    {
        using var browser = Browser.Open(app);

        await browser.SignInAsync(app.Gateway, "maria", "manager");
        var (response, page) = await browser.GetAsync("/denied");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("maria", page.QuerySelector(".staff-user")!.TextContent);
        var token = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/auth/token");
        Assert.Contains("\"userName\":\"maria\"", token.Body);
        Assert.DoesNotContain("token-of-maria", await (await browser.Client.GetAsync("/denied")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_holds_a_key_not_the_token()
    {
        using var browser = Browser.Open(app);
        app.Gateway.Answer(HttpMethod.Post, "/api/auth/token", HttpStatusCode.OK, new
        {
            accessToken = new string('t', 900), tokenType = "Bearer", expiresIn = 1800, expiresAt = DateTimeOffset.UtcNow.AddMinutes(30),
            roles = new[] { "manager" },
        });

        using var response = await browser.PostFormAsync("/signin", "signin", new() { ["Input.UserName"] = "maria", ["Input.Password"] = "secret" });

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("clearhours.staff="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(cookie.Split(';')[0].Length < 900, "the cookie carries the whole ticket, token included");
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_signs_nobody_in()
    {
        using var browser = Browser.Open(app);
        app.Gateway.Problem(HttpMethod.Post, "/api/auth/token", HttpStatusCode.Unauthorized, "Wrong user name or password.", "corr-401");

        using var response = await browser.PostFormAsync("/signin", "signin", new() { ["Input.UserName"] = "maria", ["Input.Password"] = "nope" });
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Неверное имя пользователя или пароль.", page);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("clearhours.staff=")));
    }

    [Fact]
    public async Task The_return_address_never_leads_off_site()
    {
        using var browser = Browser.Open(app);
        app.Gateway.Answer(HttpMethod.Post, "/api/auth/token", HttpStatusCode.OK, new
        {
            accessToken = "t", tokenType = "Bearer", expiresIn = 1800, expiresAt = DateTimeOffset.UtcNow.AddMinutes(30), roles = new[] { "manager" },
        });

        using var response = await browser.PostFormAsync("/signin?returnUrl=%2F%2Fevil.example%2F", "signin",
            new() { ["Input.UserName"] = "maria", ["Input.Password"] = "secret" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("http://localhost/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Each_role_starts_on_its_own_screen_and_sees_only_its_sections()
    {
        using var manager = Browser.Open(app);
        using var accountant = Browser.Open(app);
        await manager.SignInAsync(app.Gateway, "maria", "manager");
        await accountant.SignInAsync(app.Gateway, "olga", "accountant");

        var (toBoard, _) = await manager.GetAsync("/");
        var (toInvoices, _) = await accountant.GetAsync("/");
        var (_, managerPage) = await manager.GetAsync("/denied");
        var (_, accountantPage) = await accountant.GetAsync("/denied");

        Assert.Equal("/board", toBoard.Headers.Location!.AbsolutePath);
        Assert.Equal("/invoices", toInvoices.Headers.Location!.AbsolutePath);
        var managerLinks = managerPage.QuerySelectorAll(".staff-nav a").Select(a => a.GetAttribute("href")).ToList();
        var accountantLinks = accountantPage.QuerySelectorAll(".staff-nav a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("board", managerLinks);
        Assert.DoesNotContain("invoices", managerLinks);
        Assert.DoesNotContain("agency", managerLinks);
        Assert.Equal(["invoices", "payments"], accountantLinks);
    }

    [Fact]
    public async Task Signing_out_needs_the_form_and_ends_the_session()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        using var forged = await browser.Client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var (stillIn, _) = await browser.GetAsync("/denied");
        using var signedOut = await browser.PostFromPageAsync("/denied", "/signout", []);
        var (after, _) = await browser.GetAsync("/denied");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    public void Dispose() => app.Dispose();
}
