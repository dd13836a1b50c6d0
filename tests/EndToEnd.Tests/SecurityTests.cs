using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Clearhours.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public sealed class SecurityTests(SystemFixture system)
{
    private static readonly string[] Roles = ["manager", "accountant", "admin"];

    private static readonly string[]? Public = null;
    private static readonly string[] AnyStaff = Roles;
    private static readonly string[] Managers = ["manager", "admin"];
    private static readonly string[] Accountants = ["accountant", "admin"];
    private static readonly string[] AdminOnly = ["admin"];

    /// <summary>
    /// Who may call what, as docs/architecture.md states it, written here rather than read from the services so that
    /// a policy changed in code fails this test. A key is a route group (a path prefix) or one operation ("POST /path"),
    /// which wins over its group.
    /// </summary>
    private static readonly Dictionary<string, string[]?> IntendedPolicy = new()
    {
        ["POST /api/auth/token"] = Public,
        ["GET /api/auth/me"] = AnyStaff,
        ["/api/companies"] = Managers,
        ["/api/projects"] = Managers,
        ["/api/tasks"] = Managers,
        ["POST /api/tasks/work-types"] = AdminOnly,
        ["POST /api/tasks/statuses"] = AdminOnly,
        ["/api/time-entries"] = Managers,
        ["/api/import"] = Managers,
        ["/api/reports"] = Managers,
        ["/api/public/reports"] = Public,
        // The agency's name, colour and logo for the client's page: what every document it sends carries anyway.
        ["/api/public/agency"] = Public,
        ["/api/invoices"] = Accountants,
        ["/api/payments"] = Accountants,
        // A payment provider's call: the signature with its source's secret is the credential, not a staff token.
        ["POST /api/payments/webhook/{source}"] = Public,
        // Managers read the documents of their reports; accountants (office managers) make, send and sign them.
        ["/api/documents"] = AnyStaff,
        ["POST /api/documents"] = Accountants,
        ["POST /api/documents/{id}/regenerate"] = Accountants,
        ["POST /api/documents/{id}/sent"] = Accountants,
        ["POST /api/documents/{id}/signed"] = Accountants,
        ["/api/agency"] = AnyStaff,
        ["PUT /api/agency"] = AdminOnly,
        ["PUT /api/agency/logo"] = AdminOnly,
    };

    [Fact]
    public async Task Every_route_admits_exactly_the_roles_the_policy_gives_it_401_without_a_token_and_403_to_any_other_role()
    {
        var operations = await Operation.ReadAllAsync(system.Gateway);
        Assert.Contains(operations, o => o.Path == "/api/reports/{reportId}/share-link");
        Assert.Contains(operations, o => o.Path == "/api/auth/me");

        var anonymous = system.Gateway;
        var staff = new Dictionary<string, HttpClient>();
        foreach (var role in Roles)
        {
            staff[role] = await system.StaffClientAsync(role);
        }

        var refusedWrongRole = 0;
        foreach (var operation in operations)
        {
            Assert.True(TryIntendedRoles(operation, out var intended), $"{operation} is in no group of the policy table");
            if (intended is null)
            {
                Assert.True(operation.IsPublic, $"{operation} should be public");
                continue;
            }

            Assert.False(operation.IsPublic, $"{operation} should need a token");
            Assert.True(intended.Order().SequenceEqual(operation.Roles.Order()),
                $"{operation} admits {string.Join(", ", operation.Roles)}; the policy says {string.Join(", ", intended)}");
            var path = operation.ConcretePath();

            using (var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(operation.Method), path)))
            {
                await AssertProblemAsync(response, HttpStatusCode.Unauthorized, operation);
            }

            foreach (var role in Roles.Except(intended))
            {
                using var response = await staff[role].SendAsync(new HttpRequestMessage(new HttpMethod(operation.Method), path));
                await AssertProblemAsync(response, HttpStatusCode.Forbidden, $"{operation} as {role}");
                refusedWrongRole++;
            }
        }

        Assert.True(refusedWrongRole > 0, "no route refused any role: the role checks were not exercised");
        Assert.DoesNotContain(IntendedPolicy.Keys, key => !operations.Any(o => Covers(key, o)));
    }

    [Fact]
    public async Task Public_routes_are_only_the_token_route_the_client_report_pages_and_the_signed_payment_webhook()
    {
        var operations = await Operation.ReadAllAsync(system.Gateway);

        Assert.All(operations.Where(o => o.IsPublic), o =>
            Assert.True(o.Path is "/api/auth/token" or "/api/payments/webhook/{source}" || o.Path.StartsWith("/api/public/", StringComparison.Ordinal),
                $"{o} is public"));
    }

    [Fact]
    public async Task A_forged_or_tampered_token_is_refused()
    {
        var token = await system.TokenAsync("admin");
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))))!;
        payload["role"] = "admin";
        payload["sub"] = "someone-else";
        var tampered = $"{parts[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        foreach (var bad in new[] { tampered, "not-a-token", $"{parts[0]}.{parts[1]}." })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
            request.Headers.Authorization = new("Bearer", bad);
            using var response = await system.Gateway.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_staff_user_signs_in_and_a_wrong_password_gets_the_same_answer_as_an_unknown_user()
    {
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.11"));

        using var signedIn = await client.PostAsJsonAsync("/api/auth/token", new { userName = "accountant", password = "accountant-dev-password" });
        var token = await signedIn.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("accountant", me.GetProperty("userName").GetString());
        Assert.Equal(["accountant"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.InRange(token.GetProperty("expiresIn").GetInt32(), 60, 3600);

        client.DefaultRequestHeaders.Authorization = null;
        using var wrongPassword = await client.PostAsJsonAsync("/api/auth/token", new { userName = "accountant", password = "guess" });
        using var unknownUser = await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "guess" });
        var wrong = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "wrong password");
        var unknown = await AssertProblemAsync(unknownUser, HttpStatusCode.Unauthorized, "unknown user");
        Assert.Equal(wrong.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_token_of_one_report_never_opens_another_and_dead_links_all_get_the_same_404()
    {
        var manager = await system.StaffClientAsync("manager");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.12"));
        var reportA = await Flows.SentReportAsync(manager, 60);
        var reportB = await Flows.SentReportAsync(manager, 30);
        AssertStrongToken(reportA.Token);
        Assert.NotEqual(reportA.Number, reportB.Number);

        var pageA = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{reportA.Token}");
        var pageB = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{reportB.Token}");
        Assert.Equal(reportA.Number, pageA.GetProperty("number").GetString());
        Assert.Equal(reportA.Work.CompanyName, pageA.GetProperty("client").GetString());
        Assert.Equal(reportA.Hash, pageA.GetProperty("hash").GetString());
        Assert.Equal(reportB.Number, pageB.GetProperty("number").GetString());
        Assert.Equal(reportB.Work.CompanyName, pageB.GetProperty("client").GetString());
        Assert.DoesNotContain(reportB.Work.CompanyName, pageA.GetRawText());
        Assert.DoesNotContain(reportA.Work.CompanyName, pageB.GetRawText());

        var expired = await Flows.SentReportAsync(manager, 15);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/public/reports/{expired.Token}")).StatusCode);
        await ExpireLinksOfAsync(expired.ReportId);
        var revoked = await Flows.SentReportAsync(manager, 20);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/public/reports/{revoked.Token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/reports/{revoked.ReportId}/share-link")).StatusCode);

        var mistyped = reportA.Token[..^2] + (reportA.Token.EndsWith("xx", StringComparison.Ordinal) ? "yy" : "xx");
        var answers = new List<string>();
        foreach (var dead in new[] { revoked.Token, expired.Token, mistyped, "nonsense" })
        {
            using var response = await client.GetAsync($"/api/public/reports/{dead}");
            var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, dead);
            answers.Add($"{problem.GetProperty("title")}|{problem.GetProperty("detail")}");
        }

        Assert.Single(answers.Distinct());

        // The live links still open their own reports.
        Assert.Equal(reportA.Number, (await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{reportA.Token}")).GetProperty("number").GetString());
    }

    [Fact]
    public async Task A_rotated_link_replaces_the_old_one_at_once()
    {
        var manager = await system.StaffClientAsync("manager");
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.13"));
        var report = await Flows.SentReportAsync(manager, 45);
        Assert.Equal(report.Number, (await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{report.Token}")).GetProperty("number").GetString());

        var second = await ShareAsync(manager, report.ReportId);
        var third = await ShareAsync(manager, report.ReportId);

        foreach (var old in new[] { report.Token, second })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/public/reports/{old}")).StatusCode);
        }

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/public/reports/{third}");
        Assert.Equal(report.Number, page.GetProperty("number").GetString());
        Assert.Equal(report.Hash, page.GetProperty("hash").GetString());

        // Only a sent report gets a link.
        using var unknown = await manager.PostAsync($"/api/reports/{Guid.NewGuid()}/share-link", null);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "a link to an unknown report");
    }

    [Fact]
    public async Task The_61st_public_request_in_a_minute_from_one_address_gets_429_with_Retry_After()
    {
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.21"));
        using var neighbour = system.ClientFrom(IPAddress.Parse("127.0.0.22"));

        for (var i = 1; i <= 60; i++)
        {
            using var allowed = await client.GetAsync($"/api/public/reports/unknown-{i}");
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
        }

        using var limited = await client.GetAsync("/api/public/reports/unknown-61");
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "61st request");
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        using var other = await neighbour.GetAsync("/api/public/reports/unknown");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task The_11th_token_request_in_a_minute_from_one_address_gets_429()
    {
        using var client = system.ClientFrom(IPAddress.Parse("127.0.0.23"));

        for (var i = 1; i <= 10; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/token", new { userName = "manager", password = "wrong" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/auth/token", new { userName = "manager", password = "manager-dev-password" });
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "11th token request");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Malformed_bodies_on_every_write_route_get_a_4xx_ProblemDetails_and_never_a_500()
    {
        var writes = (await Operation.ReadAllAsync(system.Gateway)).Where(o => o.BodySchema is not null).ToList();
        Assert.Contains(writes, o => o.Path == "/api/auth/token");

        var sourceAddress = 30;
        foreach (var operation in writes)
        {
            // Its own address and an admin token: the bodies, not the limits or the roles, are under test.
            using var client = operation.IsPublic
                ? system.ClientFrom(IPAddress.Parse($"127.0.1.{sourceAddress++}"))
                : await system.StaffClientAsync("admin", IPAddress.Parse($"127.0.1.{sourceAddress++}"));
            foreach (var (name, body) in MalformedBodies(operation))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.ConcretePath())
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (HttpRequestException error)
                {
                    throw new InvalidOperationException($"{operation} with {name}: {error.Message}", error);
                }

                using var _ = response;
                var status = (int)response.StatusCode;
                Assert.True(status is >= 400 and < 500 and not 429, $"{operation} with {name}: {status}");
                await AssertProblemAsync(response, response.StatusCode, $"{operation} with {name}");
            }
        }
    }

    [Fact]
    public async Task Responses_carry_nosniff_and_no_server_banner_and_the_frontend_a_strict_CSP()
    {
        using var page = await system.Gateway.GetAsync("/");
        using var api = await system.Gateway.GetAsync("/api/companies");

        foreach (var response in new[] { page, api })
        {
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.False(response.Headers.Contains("Server"));
        }

        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    private static IEnumerable<(string Name, string Body)> MalformedBodies(Operation operation)
    {
        yield return ("invalid JSON", "{\"a\":");
        yield return ("an empty body", "");
        yield return ("a JSON array", "[]");
        yield return ("a JSON string", "\"text\"");
        yield return ("missing fields", "{}");
        yield return ("a body over the size limit", $"{{\"x\":\"{new string('a', 1_100_000)}\"}}");

        var properties = operation.BodyProperties();
        foreach (var (name, type) in properties)
        {
            JsonNode wrong = type is "string" ? new JsonArray(1, 2) : JsonValue.Create("not a " + type);
            var body = new JsonObject { [name] = wrong };
            yield return ($"a {type} field {name} of the wrong type", body.ToJsonString());
            if (type is "string")
            {
                yield return ($"a huge string in {name}", new JsonObject { [name] = new string('x', 100_000) }.ToJsonString());
            }
        }
    }

    private static async Task<string> ShareAsync(HttpClient manager, Guid reportId)
    {
        using var response = await manager.PostAsync($"/api/reports/{reportId}/share-link", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var link = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(reportId, link.GetProperty("reportId").GetGuid());
        var token = link.GetProperty("token").GetString()!;
        AssertStrongToken(token);
        return token;
    }

    private static void AssertStrongToken(string token) =>
        Assert.True(Convert.FromBase64String(Pad(token.Replace('-', '+').Replace('_', '/'))).Length >= 16, "a token carries at least 128 bits");

    private async Task ExpireLinksOfAsync(Guid reportId)
    {
        await using var connection = new NpgsqlConnection(await system.App.GetConnectionStringAsync("reportingdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE share_links SET expires_at = now() - interval '1 minute' WHERE report_id = @report", connection);
        command.Parameters.AddWithValue("report", reportId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected, object what)
    {
        Assert.True(expected == response.StatusCode, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{what}: {(int)response.StatusCode} came as {response.Content.Headers.ContentType?.MediaType ?? "no body"}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
        var text = problem.GetRawText();
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        return problem;
    }

    /// <summary>The roles the policy table admits to an operation (null: anyone); false when no entry covers it.</summary>
    private static bool TryIntendedRoles(Operation operation, out string[]? roles)
    {
        if (IntendedPolicy.TryGetValue($"{operation.Method} {operation.Path}", out roles))
        {
            return true;
        }

        var group = IntendedPolicy.Keys.Where(key => key.StartsWith('/') && Covers(key, operation)).MaxBy(key => key.Length);
        roles = group is null ? null : IntendedPolicy[group];
        return group is not null;
    }

    private static bool Covers(string key, Operation operation) =>
        key.StartsWith('/')
            ? operation.Path == key || operation.Path.StartsWith(key + "/", StringComparison.Ordinal)
            : key == $"{operation.Method} {operation.Path}";

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
