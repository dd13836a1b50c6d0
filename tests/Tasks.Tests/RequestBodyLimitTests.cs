using System.Net;
using System.Net.Http.Json;
using System.Text;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>The shared pipeline's body size limit, as the Tasks service runs it.</summary>
public sealed class RequestBodyLimitTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        await using var app = await TasksApp.StartAsync(servers);
        var oversized = new StringContent($"{{\"name\":\"{new string('x', 2 * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json");

        using var response = await app.Manager.PostAsync("/api/companies", oversized);

        var problem = await TasksApp.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_is_accepted_by_a_server_that_sets_no_size_limit()
    {
        await using var app = await TasksApp.StartAsync(servers, kestrel: false);

        using var response = await app.Manager.PostAsJsonAsync("/api/companies", TasksApp.CompanyRequest(), TasksApp.Json);

        await TasksApp.ExpectAsync(response, HttpStatusCode.Created);
    }
}
