using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>The client's page /r/{token} of the web app, through the gateway, over the real APIs.</summary>
[Collection(nameof(SystemCollection))]
public sealed partial class ClientPageTests(SystemFixture system)
{
    [Fact]
    public async Task The_client_opens_the_sent_report_at_its_link_and_approving_it_there_makes_the_report_Approved()
    {
        var manager = await system.StaffClientAsync("manager");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.17"));
        // 600 + 45 minutes at 120 BYN an hour: 10.75 h × 120 = 1 290.00 BYN.
        var sent = await Flows.SentReportAsync(manager, 600, 45);

        using var opened = await client.GetAsync($"/r/{sent.Token}");
        var page = WebUtility.HtmlDecode(await opened.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains($"{sent.Work.TaskKey} Checkout page", page);
        Assert.Contains(sent.Work.CompanyName, page);
        Assert.Contains("1\u00A0290,00 BYN", page);
        Assert.Contains(sent.Hash, page);

        // The browser posts the form back with the antiforgery token from the page; the client kept the cookie that came with it.
        Assert.Contains(opened.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/r/{sent.Token}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "approve",
                ["__RequestVerificationToken"] = token,
                ["Approval.Name"] = "Olga Client",
                ["Approval.Email"] = "olga@client.example",
                ["Approval.Hash"] = sent.Hash,
            }),
        };
        using var approved = await client.SendAsync(approve);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Спасибо, отчёт утверждён.", WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync()));
        var report = await manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}");
        Assert.Contains(report.GetProperty("status").GetString(), Flows.ApprovedOrInvoiced);
    }

    [Fact]
    public async Task A_link_that_opens_no_report_is_a_404_page_that_says_the_link_does_not_work()
    {
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.17"));

        using var response = await client.GetAsync("/r/no-such-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Ссылка не работает", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
