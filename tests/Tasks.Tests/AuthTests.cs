using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Tasks.Tests;

/// <summary>The Tasks routes are for managers (and admins); the catalogs' additions for admins only.</summary>
public sealed class AuthTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private TasksApp _app = null!;

    public async Task InitializeAsync() => _app = await TasksApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/companies")]
    [InlineData("GET", "/api/projects/0195a3f0-0000-7000-8000-000000000001/rate?person=ann&workType=Development&date=2026-03-01")]
    [InlineData("POST", "/api/tasks")]
    [InlineData("PUT", "/api/time-entries/0195a3f0-0000-7000-8000-000000000001")]
    [InlineData("DELETE", "/api/time-entries/0195a3f0-0000-7000-8000-000000000001")]
    public async Task A_request_without_a_token_is_401(string method, string path)
    {
        using var response = await _app.Client(null).SendAsync(Request(method, path));

        await TasksApp.ExpectAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET", "/api/companies")]
    [InlineData("GET", "/api/tasks")]
    [InlineData("POST", "/api/projects")]
    [InlineData("GET", "/api/time-entries")]
    [InlineData("PUT", "/api/time-entries/0195a3f0-0000-7000-8000-000000000001")]
    public async Task An_accountant_is_403_on_the_tasks_routes(string method, string path)
    {
        using var response = await _app.Client(StaffRoles.Accountant).SendAsync(Request(method, path));

        await TasksApp.ExpectAsync(response, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(StaffRoles.Manager)]
    [InlineData(StaffRoles.Admin)]
    public async Task A_manager_and_an_admin_may_use_the_tasks_routes(string role)
    {
        using var created = await _app.Client(role).PostAsJsonAsync("/api/companies", TasksApp.CompanyRequest(), TasksApp.Json);
        await TasksApp.ExpectAsync(created, HttpStatusCode.Created);

        using var listed = await _app.Client(role).GetAsync("/api/time-entries");
        await TasksApp.ExpectAsync(listed, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        using var request = Request("GET", "/api/companies");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(StaffRoles.Admin, signingKey: TestTokens.ForeignKey));

        using var response = await _app.Client(null).SendAsync(request);

        await TasksApp.ExpectAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var request = Request("GET", "/api/companies");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(StaffRoles.Admin, audience: "someone-else"));

        using var response = await _app.Client(null).SendAsync(request);

        await TasksApp.ExpectAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_an_admin_may_add_a_work_type()
    {
        var workType = new WorkTypeRequest("Consulting", 100);

        using var byManager = await _app.Manager.PostAsJsonAsync("/api/tasks/work-types", workType, TasksApp.Json);
        using var byAdmin = await _app.Client(StaffRoles.Admin).PostAsJsonAsync("/api/tasks/work-types", workType, TasksApp.Json);

        await TasksApp.ExpectAsync(byManager, HttpStatusCode.Forbidden);
        await TasksApp.ExpectAsync(byAdmin, HttpStatusCode.Created);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        return request;
    }
}
