using System.Net;
using System.Net.Http.Json;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>PostgreSQL text cannot hold a NUL character: the shared handler makes it the caller's 400, never a 500.</summary>
public sealed class UnstorableTextTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    [Fact]
    public async Task A_name_or_a_search_holding_a_NUL_is_a_400_problem_and_nothing_is_stored()
    {
        await using var app = await TasksApp.StartAsync(servers);

        using var created = await app.Manager.PostAsJsonAsync("/api/companies", TasksApp.CompanyRequest(name: "Acme\0Ltd"), TasksApp.Json);
        using var searched = await app.Manager.GetAsync("/api/companies?search=Acme%00");

        var problem = await TasksApp.ProblemAsync(created, HttpStatusCode.BadRequest);
        Assert.Contains("NUL", problem.GetProperty("detail").GetString());
        await TasksApp.ProblemAsync(searched, HttpStatusCode.BadRequest);
        var companies = await app.Manager.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/companies");
        Assert.Equal(0, companies.GetProperty("total").GetInt32());
    }
}
