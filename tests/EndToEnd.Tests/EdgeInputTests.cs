using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Clearhours.EndToEnd.Tests.EdgeCorpus;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>The corpus of bad input (EdgeCorpus/bad-input.json) against every route of every OpenAPI document.</summary>
[Collection(nameof(SystemCollection))]
public sealed class EdgeInputTests(SystemFixture system, ITestOutputHelper output) : IDisposable
{
    /// <summary>Lists a bad request must not grow (and the agency profile it must not change).</summary>
    private static readonly (string Role, string Path)[] Watched =
    [
        ("manager", "/api/companies"), ("manager", "/api/projects"), ("manager", "/api/tasks"), ("manager", "/api/time-entries"),
        ("manager", "/api/tasks/work-types"), ("manager", "/api/tasks/statuses"), ("manager", "/api/reports"), ("admin", "/api/agency"),
    ];

    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly ConcurrentDictionary<IPAddress, HttpClient> _clients = [];
    private IReadOnlyDictionary<string, RouteNote> _routes = new Dictionary<string, RouteNote>();

    [Fact]
    public async Task Every_route_answers_every_bad_input_of_the_corpus_with_a_problem_carrying_the_correlation_id_and_changes_nothing()
    {
        var (corpus, routes) = EdgeCase.Load();
        _routes = routes;
        var operations = await Operation.ReadAllAsync(system.Gateway);
        Assert.All(routes.Keys, route => Assert.Contains(operations, o => o.ToString() == route)); // no note outlives its route
        var tokens = new Dictionary<string, string>();
        foreach (var role in operations.SelectMany(o => o.Roles).Append("admin").Distinct())
        {
            tokens[role] = await system.TokenAsync(role);
        }

        var calls = Plan(corpus, operations);
        var before = await WatchedStateAsync(tokens);
        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentBag<string>();
        // A few at a time: the machine is small, and the point is the answers, not the load.
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (call, _) =>
        {
            if (await TryAsync(call, tokens) is { } failure)
            {
                failures.Add(failure);
            }
        });
        clock.Stop();
        var after = await WatchedStateAsync(tokens);

        foreach (var (what, state) in before.Where(w => after[w.Key] != w.Value))
        {
            failures.Add($"{what} changed: {Start(state)} -> {Start(after[what])}");
        }

        foreach (var kind in calls.GroupBy(c => c.Case.Kind))
        {
            output.WriteLine($"{kind.Key}: {kind.Select(c => c.Case).Distinct().Count()} cases over {kind.Select(c => c.Operation).Distinct().Count()} routes, {kind.Count()} requests");
        }

        output.WriteLine($"{calls.Count} requests to {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s");
        // Not a failure: a case may wait for a route it fits (a field type no body has yet).
        var unused = string.Join(", ", corpus.Where(c => !calls.Any(call => call.Case == c)));
        output.WriteLine($"applying to no route now: {(unused.Length > 0 ? unused : "none")}");
        Assert.All(operations, operation => Assert.Superset(
            operation.BodyMediaTypes.Count > 0 ? ["body", "header", "path", "query"] : new HashSet<string> { "header", "path", "query" },
            calls.Where(c => c.Operation == operation).Select(c => c.Case.Kind).ToHashSet()));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls.Count} answers were wrong:\n{string.Join("\n", failures.Order())}");
    }

    private sealed record Call(Operation Operation, EdgeCase Case, IPAddress Source, string CorrelationId);

    /// <summary>
    /// Every case on every route it applies to. The public routes allow 60 requests a minute per address and the token
    /// route 10, so their calls are spread over addresses of 127.0.3.x, which no other test uses.
    /// </summary>
    private static List<Call> Plan(IReadOnlyList<EdgeCase> corpus, IReadOnlyList<Operation> operations)
    {
        var calls = new List<Call>();
        var staff = IPAddress.Parse("127.0.3.1");
        var next = 2;
        var limited = new Dictionary<string, (IPAddress Address, int Used)>();
        foreach (var operation in operations)
        {
            foreach (var edgeCase in corpus.Where(c => c.IsFor(operation)))
            {
                var source = staff;
                if (LimitOf(operation) is { } limit)
                {
                    var key = limit == 10 ? "token" : "public";
                    if (!limited.TryGetValue(key, out var bucket) || bucket.Used >= limit - 2)
                    {
                        bucket = (IPAddress.Parse($"127.0.3.{next++}"), 0);
                    }

                    limited[key] = (bucket.Address, bucket.Used + 1);
                    source = bucket.Address;
                }

                calls.Add(new Call(operation, edgeCase, source, $"edge-{calls.Count}"));
            }
        }

        return calls;
    }

    /// <summary>The gateway's per-address limit on the operation, if any (src/Gateway/appsettings.json).</summary>
    private static int? LimitOf(Operation operation) =>
        operation.Path == "/api/auth/token" ? 10 : operation.Path.StartsWith("/api/public/", StringComparison.Ordinal) ? 60 : null;

    /// <summary>Sends one call; null when its answer is right, otherwise what was wrong with it.</summary>
    private async Task<string?> TryAsync(Call call, IReadOnlyDictionary<string, string> tokens)
    {
        var (operation, edgeCase, source, correlationId) = call;
        var note = _routes.GetValueOrDefault(operation.ToString());
        var pathAndQuery = edgeCase.PathAndQuery(operation, note);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method),
            new Uri(system.GatewayAddress.GetLeftPart(UriPartial.Authority) + pathAndQuery, AsWritten));
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", correlationId);
        if (!operation.IsPublic)
        {
            var role = operation.Roles.FirstOrDefault(r => r != "admin") ?? operation.Roles[0];
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        }

        if (edgeCase.BodyFor(operation) is { } body)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", edgeCase.ContentType ?? "application/json");
        }

        var ownCorrelationId = true;
        foreach (var (name, values) in edgeCase.HeaderValues())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, values);
                continue;
            }

            ownCorrelationId &= !name.Equals("X-Correlation-Id", StringComparison.OrdinalIgnoreCase);
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, values);
        }

        var what = $"{operation} [{edgeCase}] {Start(pathAndQuery, 80)}";
        HttpResponseMessage response;
        try
        {
            response = await _clients.GetOrAdd(source, address => system.ClientFrom(address)).SendAsync(request);
        }
        catch (HttpRequestException error)
        {
            return $"{what}: no answer ({error.Message})";
        }

        using var _ = response;
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var text = await response.Content.ReadAsStringAsync();
        var given = response.Headers.TryGetValues("X-Correlation-Id", out var ids) ? string.Join(",", ids) : null;
        var wrong = new List<string>();
        if (status == 429)
        {
            wrong.Add("rate limited, so the case was never tried");
        }
        else if (!edgeCase.Allows(status, note?.AlsoAllowed ?? []))
        {
            wrong.Add($"expected {string.Join("/", edgeCase.Outcomes)}");
        }

        if (edgeCase.BareFromKestrel is not null)
        {
            // Only the status can be checked: Kestrel answers before the pipeline runs (the corpus says why).
            return wrong.Count == 0 ? null : $"{what}: {status}: {string.Join("; ", wrong)}";
        }

        if (given is null)
        {
            wrong.Add("no X-Correlation-Id");
        }
        else if (ownCorrelationId && given != correlationId)
        {
            wrong.Add($"X-Correlation-Id {given}, not the caller's {correlationId}");
        }

        if (status >= 400)
        {
            if (mediaType != "application/problem+json")
            {
                wrong.Add("not application/problem+json");
            }
            else if (!ProblemCarries(text, status, given))
            {
                wrong.Add("the problem lacks its status or the correlation id");
            }
        }

        return wrong.Count == 0
            ? null
            : $"{what}: {status} {mediaType ?? "(no content type)"}: {string.Join("; ", wrong)}; body: {Start(text)}";
    }

    private static bool ProblemCarries(string text, int status, string? correlationId)
    {
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            return root.TryGetProperty("status", out var s) && s.GetInt32() == status
                && root.TryGetProperty("correlationId", out var c) && c.GetString() == correlationId
                && !text.Contains("   at ", StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The total of each watched list (the whole answer where it is not a page).</summary>
    private async Task<Dictionary<string, string>> WatchedStateAsync(IReadOnlyDictionary<string, string> tokens)
    {
        var state = new Dictionary<string, string>();
        var client = _clients.GetOrAdd(IPAddress.Parse("127.0.3.1"), address => system.ClientFrom(address));
        foreach (var (role, path) in Watched)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            state[path] = json.RootElement switch
            {
                { ValueKind: JsonValueKind.Object } page when page.TryGetProperty("total", out var total) => $"total {total}",
                { ValueKind: JsonValueKind.Array } list => $"{list.GetArrayLength()} items",
                var other => other.GetRawText(),
            };
        }

        return state;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static string Start(string text, int length = 200) =>
        text.Length <= length ? text.ReplaceLineEndings(" ") : text[..length].ReplaceLineEndings(" ") + "…";
}
