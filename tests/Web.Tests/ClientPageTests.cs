using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Clearhours.Web.Api;

namespace Clearhours.Web.Tests;

/// <summary>The client's page /r/{token} rendered by the real app, the API behind it faked.</summary>
public sealed class ClientPageTests : IDisposable
{
    private readonly WebApp app = new();

    public ClientPageTests() => app.Gateway.Answer(HttpMethod.Get, Reports.AgencyPath, HttpStatusCode.OK, Reports.Agency);

    [Fact]
    public async Task The_page_shows_every_line_the_totals_and_the_period_in_russian_formats()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (response, page) = await GetAsync($"/r/{Reports.Token}");
        var text = page.Body!.TextContent;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ru", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Studio North", text);
        Assert.Contains("Acme LLC", text);
        Assert.Contains("01.10.2026 – 31.10.2026", text);
        Assert.Contains("WEB-1 Checkout page", page.QuerySelector("a[href='https://planner.example/WEB-1']")!.TextContent);
        Assert.Contains("12,5", text);
        Assert.Contains("1\u00A0234,50 BYN", text);
        Assert.Contains("1\u00A0200,00 BYN", page.QuerySelector(".totals dd.grand")!.TextContent);
        Assert.Contains("Не оплачивается: Internal meeting", page.QuerySelector("tr.not-billable .reason")!.TextContent);
        Assert.Contains("-34,50 BYN", text);
        Assert.Contains("Loyalty discount", text);
        Assert.Contains(Reports.Hash, text);
        Assert.Equal("Ожидает утверждения", page.QuerySelector(".status")!.TextContent);
    }

    [Fact]
    public async Task The_culture_query_switches_the_page_to_english_texts_and_formats()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (_, page) = await GetAsync($"/r/{Reports.Token}?culture=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("1,234.50 BYN", page.Body!.TextContent);
        Assert.Equal("Awaiting approval", page.QuerySelector(".status")!.TextContent);
    }

    [Fact]
    public async Task The_agency_accent_colour_is_a_stylesheet_of_this_site_so_the_policy_needs_no_inline_style()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (response, page) = await GetAsync($"/r/{Reports.Token}");
        using var client = app.CreateClient();
        using var stylesheet = await client.GetAsync("/agency.css");

        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.NotNull(page.QuerySelector("head link[rel=stylesheet][href='agency.css']"));
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
        Assert.Equal(":root { --accent: #0f6cbd; }", (await stylesheet.Content.ReadAsStringAsync()).Trim());
        Assert.DoesNotContain("unsafe", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task A_colour_that_is_not_a_plain_hex_never_reaches_the_stylesheet()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.AgencyPath, HttpStatusCode.OK, Reports.Agency with { AccentColor = "red;} body{display:none" });
        using var client = app.CreateClient();

        var css = await client.GetStringAsync("/agency.css");

        Assert.Equal(":root { --accent: #1d3557; }", css.Trim());
    }

    [Fact]
    public async Task A_dead_link_is_a_404_page_that_says_only_that_the_link_does_not_work()
    {
        var (response, page) = await GetAsync("/r/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Ссылка не работает", page.QuerySelector("h1")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("form"));
    }

    [Fact]
    public async Task Both_forms_carry_an_antiforgery_token_and_approval_carries_the_hash_of_the_page()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (_, page) = await GetAsync($"/r/{Reports.Token}");

        var forms = page.QuerySelectorAll("form[method=post]");
        Assert.Equal(2, forms.Length);
        Assert.All(forms, form => Assert.NotEmpty(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!));
        Assert.Equal(Reports.Hash, page.QuerySelector("input[name='Approval.Hash']")!.GetAttribute("value"));
        Assert.Equal(["1", "2"], page.QuerySelectorAll("input[type=checkbox][name=line][form=changes]").Select(c => c.GetAttribute("value")!));
    }

    [Fact]
    public async Task Approving_sends_the_name_email_and_hash_to_the_api_and_then_lists_the_documents()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());
        app.Gateway.Answer(HttpMethod.Post, Reports.Path + "/approve", HttpStatusCode.OK, Reports.Sent("Approved",
            [new PublicDocument(Guid.NewGuid(), "report", "R-2026-001.pdf", 1, DateTimeOffset.UtcNow, "/api/public/reports/tok-123/documents/d1")],
            new PublicApproval("Anna Client", DateTimeOffset.UtcNow, Reports.Hash)));

        var (response, page) = await PostAsync("approve", new() { ["Approval.Name"] = "Anna Client", ["Approval.Email"] = "anna@acme.test", ["Approval.Hash"] = Reports.Hash });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = app.Gateway.Requests.Single(r => r.Method == "POST");
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal("Anna Client", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("anna@acme.test", body.RootElement.GetProperty("email").GetString());
        Assert.Equal(Reports.Hash, body.RootElement.GetProperty("hash").GetString());
        Assert.Equal("Спасибо, отчёт утверждён.", page.QuerySelector(".notice.ok")!.TextContent);
        Assert.Equal("api/public/reports/tok-123/documents/d1", page.QuerySelector(".documents a")!.GetAttribute("href"));
        Assert.Empty(page.QuerySelectorAll("form"));
    }

    [Fact]
    public async Task A_report_changed_since_it_was_opened_is_said_so_with_a_reload_link_and_the_correlation_id()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());
        app.Gateway.Problem(HttpMethod.Post, Reports.Path + "/approve", HttpStatusCode.Conflict, "The report changed.", "corr-409");

        var (_, page) = await PostAsync("approve", new() { ["Approval.Name"] = "Anna", ["Approval.Email"] = "anna@acme.test", ["Approval.Hash"] = new string('b', 64) });

        var notice = page.QuerySelector(".notice.error")!;
        Assert.Contains("Отчёт изменился с тех пор, как вы его открыли.", notice.TextContent);
        Assert.Equal($"r/{Reports.Token}", notice.QuerySelector("a")!.GetAttribute("href")); // relative: behind the gateway the app does not know the public address
        Assert.Contains("corr-409", notice.TextContent);
        Assert.Equal("Anna", page.QuerySelector("input[name='Approval.Name']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Requesting_changes_sends_the_comment_and_the_ticked_line_numbers()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());
        app.Gateway.Answer(HttpMethod.Post, Reports.Path + "/request-changes", HttpStatusCode.OK, Reports.Sent("ChangesRequested"));

        var (_, page) = await PostAsync("changes", new() { ["Changes.Comment"] = "Line 2 is ours", ["line"] = "2" });

        var sent = app.Gateway.Requests.Single(r => r.Method == "POST");
        Assert.EndsWith("/request-changes", sent.Path);
        using var body = JsonDocument.Parse(sent.Body!);
        Assert.Equal("Line 2 is ours", body.RootElement.GetProperty("comment").GetString());
        Assert.Equal([2], body.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal("Запрошены изменения", page.QuerySelector(".status")!.TextContent);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_reaches_no_api()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync($"/r/{Reports.Token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "approve", ["Approval.Name"] = "Anna", ["Approval.Email"] = "anna@acme.test", ["Approval.Hash"] = Reports.Hash,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task The_status_page_is_kept_under_the_same_strict_policy()
    {
        var (response, page) = await GetAsync("/status.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Clearhours", page.Title);
        Assert.DoesNotContain("unsafe", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task The_api_call_names_the_visitor_the_gateway_named_not_the_web_app()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        // As the gateway (on loopback, a trusted proxy) passes a visitor's request on.
        await app.Server.SendAsync(context =>
        {
            context.Request.Path = $"/r/{Reports.Token}";
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            context.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
        });
        // And the same header from an address nobody trusts.
        await app.Server.SendAsync(context =>
        {
            context.Request.Path = $"/r/{Reports.Token}";
            context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7");
            context.Request.Headers["X-Forwarded-For"] = "203.0.113.9";
        });

        var calls = app.Gateway.Requests.Where(r => r.Path == Reports.Path).ToList();
        Assert.Equal(["203.0.113.9", "198.51.100.7"], calls.Select(c => c.ForwardedFor));
    }

    [Fact]
    public async Task The_agency_shows_as_its_profile_says_with_its_logo_and_colour()
    {
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (_, page) = await GetAsync($"/r/{Reports.Token}");

        var logo = page.QuerySelector(".agency-name img")!;
        Assert.Equal("api/public/agency/logo?v=4", logo.GetAttribute("src"));
        Assert.Equal("Studio North", logo.GetAttribute("alt"));
        Assert.Equal("Studio North — R-2026-001", page.Title);
    }

    [Fact]
    public async Task Without_the_agencys_profile_the_report_still_shows_in_plain_colours()
    {
        app.Gateway.Problem(HttpMethod.Get, Reports.AgencyPath, HttpStatusCode.ServiceUnavailable, "Documents is down.", "corr-503");
        app.Gateway.Answer(HttpMethod.Get, Reports.Path, HttpStatusCode.OK, Reports.Sent());

        var (response, page) = await GetAsync($"/r/{Reports.Token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector(".agency-name img"));
        using var client = app.CreateClient();
        Assert.Equal(":root { --accent: #1d3557; }", (await client.GetStringAsync("/agency.css")).Trim());
        Assert.Contains("WEB-1 Checkout page", page.Body!.TextContent);
    }

    public void Dispose() => app.Dispose();

    private async Task<(HttpResponseMessage Response, IDocument Page)> GetAsync(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);
        return (response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Opens the page, then posts one of its forms with its antiforgery token and cookie, as a browser would.</summary>
    private async Task<(HttpResponseMessage Response, IDocument Page)> PostAsync(string form, Dictionary<string, string> fields)
    {
        using var client = app.CreateClient();
        var opened = new HtmlParser().ParseDocument(await client.GetStringAsync($"/r/{Reports.Token}"));
        var token = opened.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        fields["_handler"] = form;
        fields["__RequestVerificationToken"] = token;

        var response = await client.PostAsync($"/r/{Reports.Token}", new FormUrlEncodedContent(fields));
        return (response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }
}
