using System.Net;
using System.Text;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Tests.Http;

public sealed class MalformedBodyTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    public static TheoryData<string> Bodies => new()
    {
        "{\"a\":",
        "",
        "[]",
        "\"text\"",
        "{\"comment\":[1,2]}",
        "{\"legalName\":[1,2]}",
        $"{{\"comment\":\"{new string('x', 100_000)}\"}}",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_JSON_body_gets_a_4xx_problem_and_never_a_500(string body)
    {
        var routes = new[]
        {
            (HttpMethod.Post, $"/api/documents/{Guid.NewGuid()}/signed"),
            (HttpMethod.Post, $"/api/documents/{Guid.NewGuid()}/sent"),
            (HttpMethod.Put, "/api/agency"),
        };

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await Staff.Admin.SendAsync(request);

            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} with {body[..Math.Min(body.Length, 20)]}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        await using var db = App.NewDbContext();
        Assert.Equal(1, await db.AgencyProfiles.CountAsync());
    }
}
