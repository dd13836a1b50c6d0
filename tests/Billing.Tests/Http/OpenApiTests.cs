using System.Net;
using System.Text.Json;
using Clearhours.Testing;

namespace Clearhours.Billing.Tests.Http;

/// <summary>What the OpenAPI document says about the routes whose body or parameters the handler reads by hand.</summary>
public sealed class OpenApiTests(ServersFixture servers) : BillingApiTests(servers)
{
    [Fact]
    public async Task The_statement_upload_documents_its_file_as_a_form_field_or_the_raw_body()
    {
        var operation = await OperationAsync("/api/payments/statements", "post");

        var body = operation.GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        var content = body.GetProperty("content");
        Assert.Equal(["application/octet-stream", "multipart/form-data", "text/csv", "text/plain"],
            content.EnumerateObject().Select(c => c.Name).Order());
        var form = content.GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal(["file"], form.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task The_credit_ledger_says_its_company_is_required()
    {
        var operation = await OperationAsync("/api/payments/credits", "get");

        var companyId = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "companyId");
        Assert.True(companyId.GetProperty("required").GetBoolean());
    }

    private async Task<JsonElement> OperationAsync(string path, string method)
    {
        using var response = await Staff.Client(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).Clone();
    }
}
