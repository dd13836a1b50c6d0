using System.Net;
using System.Net.Http.Json;
using Clearhours.Reporting.Apis;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;

namespace Clearhours.Reporting.Tests.Http;

/// <summary>Input a caller can send that used to be answered wrongly: each is a 400 naming the field now, or literal.</summary>
public sealed class InputEdgeTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportingApp _app = null!;

    public async Task InitializeAsync() => _app = await ReportingApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/reports")]
    [InlineData("/api/reports/notifications")]
    public async Task A_page_whose_offset_overflows_is_a_400_naming_page(string list)
    {
        using var response = await _app.Manager.GetAsync($"{list}?page={int.MaxValue}&pageSize=200");

        Assert.Contains("page", await ReportingApp.FieldErrorsAsync(response));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("0")]
    [InlineData("draft")]
    public async Task A_status_in_the_search_query_that_is_not_one_of_its_names_is_a_400_naming_it(string status)
    {
        using var response = await _app.Manager.GetAsync($"/api/reports?status={status}");

        await ReportingApp.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("status", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Search_by_number_takes_percent_and_underscore_literally()
    {
        var sent = await _app.SentReportAsync();

        Assert.Empty(await NumbersAsync("%25"));
        Assert.Empty(await NumbersAsync("R_"));
        Assert.Equal([sent.Report.Number], await NumbersAsync(sent.Report.Number[..6]));
        Assert.Equal([sent.Report.Number], await NumbersAsync(""));
    }

    [Theory]
    [InlineData(80, 20, "minBillablePercent")]
    [InlineData(-1, null, "minBillablePercent")]
    [InlineData(null, 101, "maxBillablePercent")]
    public async Task A_billable_percent_range_that_is_inverted_or_outside_0_to_100_is_a_400(int? min, int? max, string field)
    {
        var client = await _app.World.SeedAsync();
        var request = ReportsWorld.Request(client.Company) with { MinBillablePercent = min, MaxBillablePercent = max };

        using var preview = await _app.Manager.PostAsJsonAsync("/api/reports/preview", request.ToPreview(), ReportingApp.Json);
        using var create = await _app.Manager.PostAsJsonAsync("/api/reports", request, ReportingApp.Json);

        Assert.Contains(field, await ReportingApp.FieldErrorsAsync(preview));
        Assert.Contains(field, await ReportingApp.FieldErrorsAsync(create));
    }

    private async Task<List<string>> NumbersAsync(string number) =>
        [.. (await ReportingApp.ReadAsync<Page<ReportSummary>>(await _app.Manager.GetAsync($"/api/reports?number={number}"), HttpStatusCode.OK))
            .Items.Select(r => r.Number)];
}
