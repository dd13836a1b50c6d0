using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Clearhours.EndToEnd.Tests.EdgeCorpus;

/// <summary>The field a body case spoils: every body property of this type and format gets <see cref="Json"/>.</summary>
public sealed record FieldValue(string Type, string? Format, string Json);

/// <summary>What the corpus says of one operation: statuses it may also answer, query parameters it needs.</summary>
public sealed record RouteNote(string[]? AlsoAllowed, string[]? RequiredQuery, string Why);

/// <summary>One bad input of the corpus (EdgeCorpus/bad-input.json; its "about" says what each field means).</summary>
public sealed record EdgeCase(
    string Kind,
    string Name,
    string Why,
    string[] Outcomes,
    string? AppliesTo = null,
    string? Body = null,
    string? ContentType = null,
    Dictionary<string, JsonElement>? Headers = null,
    FieldValue? Field = null,
    string? Value = null,
    string? Query = null,
    string? BareFromKestrel = null)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public override string ToString() => $"{Kind}: {Name}";

    /// <summary>The cases, and what the corpus notes of some operations ("POST /path").</summary>
    public static (IReadOnlyList<EdgeCase> Cases, IReadOnlyDictionary<string, RouteNote> Routes) Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "EdgeCorpus", "bad-input.json");
        using var file = File.OpenRead(path);
        var corpus = JsonSerializer.Deserialize<JsonElement>(file, Options);
        return (corpus.GetProperty("cases").Deserialize<EdgeCase[]>(Options)!,
            corpus.GetProperty("routes").Deserialize<Dictionary<string, RouteNote>>(Options)!);
    }

    /// <summary>Whether the case says anything about this operation; a case applies to a route at most once.</summary>
    public bool IsFor(Operation operation) => Kind switch
    {
        "body" when Field is not null => operation.AcceptsJson() && SpoiledProperties(operation).Any(),
        "body" => AppliesTo is "form-routes" ? operation.AcceptsForm() : operation.AcceptsJson(),
        "header" => AppliesTo switch
        {
            "every-route" => true,
            "body-routes" => operation.BodyMediaTypes.Count > 0,
            "json-body-routes" => operation.AcceptsJson(),
            "staff-routes" => !operation.IsPublic,
            _ => throw Unknown(),
        },
        "path" => AppliesTo switch
        {
            "every-route" => true,
            "route-parameter" => operation.Parameters.Any(p => p.In == "path"),
            "guid-parameter" => operation.Parameters.Any(p => p.In == "path" && p.Format == "uuid"),
            _ => throw Unknown(),
        },
        "query" => AppliesTo switch
        {
            "every-route" => true,
            "page" or "pageSize" => operation.Query().Any(p => p.Name == AppliesTo),
            "from-to" => operation.Query().Any(p => p.Name == "from") && operation.Query().Any(p => p.Name == "to"),
            "date" or "uuid" => operation.Query().Any(p => p.Format == AppliesTo),
            "enum" => operation.Query().Any(p => p.IsEnum),
            "text" => operation.Query().Any(IsText),
            _ => throw Unknown(),
        },
        _ => throw Unknown(),
    };

    /// <summary>The path and query this case asks for on <paramref name="operation"/>.</summary>
    public string PathAndQuery(Operation operation, RouteNote? note = null)
    {
        var badParameter = Kind == "path" && AppliesTo is "route-parameter" or "guid-parameter"
            ? operation.Parameters.First(p => p.In == "path" && (AppliesTo == "route-parameter" || p.Format == "uuid")).Name
            : null;
        var path = Regex.Replace(operation.Path, @"\{(?<name>[^}]+)\}", match =>
            match.Groups["name"].Value == badParameter
                ? Expand(Value!)
                : operation.Parameters.FirstOrDefault(p => p.Name == match.Groups["name"].Value)?.Format == "uuid"
                    || match.Groups["name"].Value is "id" || match.Groups["name"].Value.EndsWith("Id", StringComparison.Ordinal)
                    ? Guid.NewGuid().ToString()
                    : match.Groups["name"].Value is "no" ? "1" : "edge-" + Guid.NewGuid().ToString("N")[..8]);
        if (Kind == "path" && AppliesTo == "every-route")
        {
            path = path.TrimEnd('/') + "/" + Expand(Value!);
        }

        if (Kind != "query")
        {
            return path;
        }

        var query = AppliesTo switch
        {
            "date" or "uuid" => string.Join("&", operation.Query().Where(p => p.Format == AppliesTo).Select(p => $"{p.Name}={Expand(Value!)}")),
            "enum" => string.Join("&", operation.Query().Where(p => p.IsEnum).Select(p => $"{p.Name}={Expand(Value!)}")),
            "text" => string.Join("&", operation.Query().Where(IsText).Select(p => $"{p.Name}={Expand(Value!)}")),
            _ => Expand(Query!),
        };
        // The required parameters the case leaves alone get a plausible value, so that the bad one is what is refused.
        var required = operation.Query()
            .Where(p => (p.Required || note?.RequiredQuery?.Contains(p.Name) == true) && !query.Contains(p.Name + "=", StringComparison.Ordinal))
            .Select(p => $"{p.Name}={Plausible(p.Type, p.Format)?.ToString() ?? "edge"}");
        return $"{path}?{string.Join("&", required.Append(query))}";
    }

    /// <summary>The request body, or null for none.</summary>
    public string? BodyFor(Operation operation)
    {
        if (Field is null)
        {
            return Body is null ? null : Expand(Body);
        }

        var body = new JsonObject();
        var spoiled = SpoiledProperties(operation).ToHashSet();
        foreach (var (name, type, format) in operation.TypedBodyProperties())
        {
            if (spoiled.Contains(name) || Plausible(type, format) is not null)
            {
                body[name] = spoiled.Contains(name) ? null : Plausible(type, format);
            }
        }

        // Written by hand so that the spoiled values go out exactly as the corpus has them (1e400, lone surrogates).
        return "{" + string.Join(",", body.Select(p => $"{JsonSerializer.Serialize(p.Key)}:{(spoiled.Contains(p.Key) ? Expand(Field.Json) : p.Value?.ToJsonString() ?? "null")}")) + "}";
    }

    public bool Allows(int status, IEnumerable<string> alsoAllowed) => status < 500 && Outcomes.Concat(alsoAllowed).Any(outcome => outcome switch
    {
        "2xx" => status is >= 200 and < 300,
        "4xx" => status is >= 400 and < 500,
        _ => outcome == status.ToString(),
    });

    /// <summary>The headers to send: one entry per value, so a header given as an array goes out more than once.</summary>
    public IEnumerable<(string Name, string[] Values)> HeaderValues() =>
        (Headers ?? []).Select(h => (h.Key, h.Value.ValueKind == JsonValueKind.Array
            ? h.Value.EnumerateArray().Select(v => Expand(v.GetString()!)).ToArray()
            : [Expand(h.Value.GetString()!)]));

    /// <summary>{{N*text}} is text repeated N times.</summary>
    public static string Expand(string text) =>
        Regex.Replace(text, @"\{\{(?<count>\d+)\*(?<unit>.*?)\}\}", match =>
            string.Concat(Enumerable.Repeat(match.Groups["unit"].Value, int.Parse(match.Groups["count"].Value))));

    private static bool IsText(Parameter parameter) => parameter is { Type: "string", Format: null, IsEnum: false };

    /// <summary>The properties the field case spoils: of its type, and of its format when it names one (numbers come as int32, double…).</summary>
    private IEnumerable<string> SpoiledProperties(Operation operation) =>
        operation.TypedBodyProperties()
            .Where(p => p.Type == Field!.Type && (Field.Format is null ? p.Type != "string" || p.Format is null : p.Format == Field.Format))
            .Select(p => p.Name);

    /// <summary>A value of the right shape, so that the spoiled field, not a missing one, is what the service meets.</summary>
    private static JsonNode? Plausible(string type, string? format) => (type, format) switch
    {
        ("string", "uuid") => Guid.NewGuid().ToString(),
        ("string", "date") => "2026-01-15",
        ("string", "date-time") => "2026-01-15T10:00:00Z",
        ("string", _) => "edge",
        ("number", _) or ("integer", _) => 1,
        ("boolean", _) => true,
        ("array", _) => new JsonArray(),
        _ => null,
    };

    private InvalidOperationException Unknown() => new($"The corpus case '{Name}' ({Kind}) applies to '{AppliesTo}', which the test does not know.");
}

public static class OperationShapes
{
    public static bool AcceptsJson(this Operation operation) => operation.BodyMediaTypes.Contains("application/json");

    public static bool AcceptsForm(this Operation operation) => operation.BodyMediaTypes.Contains("multipart/form-data");

    public static IEnumerable<Parameter> Query(this Operation operation) => operation.Parameters.Where(p => p.In == "query");
}
