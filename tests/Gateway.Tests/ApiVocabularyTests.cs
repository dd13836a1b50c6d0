using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Gateway.Tests;

/// <summary>The API vocabulary every service shares, on a bare app with the services' HTTP defaults.</summary>
public sealed class ApiVocabularyTests : IAsyncLifetime
{
    private DefaultsApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await DefaultsApp.StartAsync(api =>
        {
            api.MapGet("/items", ([AsParameters] PageRequest paging) =>
                paging.Check(new FieldErrors()) is { Any: true } errors
                    ? (IResult)errors.ToProblem()
                    : TypedResults.Ok(paging.ToPage(Enumerable.Range(paging.Skip, 2).ToList(), 1_000)));
            api.MapGet("/missing", () => Problems.NotFound("Thing not found.", "No thing has that id."));
            api.MapGet("/either/{found:bool}", Results<Ok<string>, NotFound<ProblemDetails>> (bool found) =>
                found ? TypedResults.Ok("here") : Problems.NotFound("Not here."));
            api.MapGet("/taken", () => Problems.Conflict("Taken.", "Someone has it.", new Dictionary<string, object?> { ["holder"] = "R-7" }));
        });
        _client = _app.Client;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("", 1, 50, 0)]
    [InlineData("?page=0&pageSize=0", 1, 1, 0)]
    [InlineData("?page=-5&pageSize=100000", 1, 500, 0)]
    [InlineData("?page=3&pageSize=20", 3, 20, 40)]
    [InlineData("?page=1000000&pageSize=500", 1_000_000, 500, 499_999_500)]
    public async Task A_page_request_clamps_its_size_and_never_overflows_its_offset(string query, int number, int size, int firstItem)
    {
        var page = await _client.GetFromJsonAsync<Page<int>>($"/items{query}");

        Assert.Equal((number, size, 1_000), (page!.PageNumber, page.PageSize, page.Total));
        Assert.Equal(firstItem, page.Items[0]);
    }

    [Fact]
    public async Task A_page_beyond_a_million_is_a_400_naming_page()
    {
        using var response = await _client.GetAsync($"/items?page={int.MaxValue}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("page", problem!.Errors.Keys);
    }

    [Fact]
    public async Task A_typed_problem_is_problem_json_with_its_status_title_and_the_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/missing");
        request.Headers.Add(CorrelationId.HeaderName, "corr-42");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Thing not found.", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("No thing has that id.", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal("corr-42", problem.RootElement.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task A_problem_chosen_among_declared_results_is_written_as_a_problem_too()
    {
        using var found = await _client.GetAsync("/either/true");
        using var missing = await _client.GetAsync("/either/false");

        Assert.Equal("here", await found.Content.ReadFromJsonAsync<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("correlationId").GetString()));
    }

    [Fact]
    public async Task A_conflict_carries_its_extensions()
    {
        using var response = await _client.GetAsync("/taken");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("R-7", problem.RootElement.GetProperty("holder").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("correlationId").GetString()));
    }
}
