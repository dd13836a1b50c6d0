using System.Net;
using System.Text.Json;
using Clearhours.Testing;

namespace Clearhours.Documents.Tests.Http;

public sealed class OpenApiTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    [Fact]
    public async Task The_document_lists_every_route_with_the_roles_it_admits()
    {
        var response = await Staff.Client(null).GetAsync("/openapi/v1.json");

        var document = await DocumentsStaff.ReadAsync<JsonElement>(response, HttpStatusCode.OK);
        var roles = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (
                Name: operation.Value.GetProperty("operationId").GetString(),
                Roles: operation.Value.TryGetProperty("x-roles", out var admitted)
                    ? string.Join(",", admitted.EnumerateArray().Select(r => r.GetString()).Order())
                    : operation.Value.TryGetProperty("x-public", out _) ? "public" : "none")))
            .ToDictionary(o => o.Name!, o => o.Roles);

        Assert.Equal("accountant,admin,manager", roles["SearchDocuments"]);
        Assert.Equal("accountant,admin,manager", roles["GetDocumentContent"]);
        Assert.Equal("accountant,admin", roles["RegenerateDocument"]);
        Assert.Equal("accountant,admin", roles["AttachDocument"]);
        Assert.Equal("accountant,admin", roles["MarkDocumentSigned"]);
        Assert.Equal("accountant,admin,manager", roles["GetAgencyProfile"]);
        Assert.Equal("admin", roles["UpdateAgencyProfile"]);
        Assert.Equal("admin", roles["UpdateAgencyLogo"]);
        Assert.Equal("public", roles["DownloadSharedDocument"]);
        Assert.Equal("public", roles["GetAgencyLook"]);
        Assert.Equal("public", roles["GetAgencyLogoImage"]);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Subset(paths.ToHashSet(), new HashSet<string> { "/api/documents", "/api/agency", "/api/public/reports/{token}/documents/{documentId}" });
        Assert.Equal(14, roles.Count);
    }
}
