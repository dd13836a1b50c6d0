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

    [Fact]
    public async Task A_form_cut_off_before_its_closing_boundary_gets_a_400_problem_and_never_a_500()
    {
        // Found by the edge corpus: the form reader throws IOException for it, which was a 500.
        const string truncated = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        var routes = new[]
        {
            (HttpMethod.Put, "/api/agency/logo"),
            (HttpMethod.Post, "/api/documents"),
            (HttpMethod.Post, $"/api/documents/{Guid.NewGuid()}/signed"),
        };

        foreach (var (method, path) in routes)
        {
            var content = new StringContent(truncated, Encoding.UTF8);
            content.Headers.Remove("Content-Type");
            content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await Staff.Admin.SendAsync(request);

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
