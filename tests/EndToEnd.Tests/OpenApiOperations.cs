using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>One operation of an OpenAPI document, as the security and edge-input tests need it.</summary>
public sealed record Operation(
    string Document, string Method, string Path, bool IsPublic, string[] Roles, JsonElement? BodySchema, JsonElement Components)
{
    /// <summary>The media types its request body accepts (application/json, multipart/form-data, text/csv, …).</summary>
    public IReadOnlyList<string> BodyMediaTypes { get; init; } = [];

    /// <summary>Its query and path parameters.</summary>
    public IReadOnlyList<Parameter> Parameters { get; init; } = [];

    public override string ToString() => $"{Method} {Path}";

    /// <summary>The path with every {parameter} filled with a value of the right shape.</summary>
    public string ConcretePath() =>
        Regex.Replace(Path, @"\{(?<name>[^}]+)\}", match =>
            match.Groups["name"].Value is "id" || match.Groups["name"].Value.EndsWith("Id", StringComparison.Ordinal)
                ? Guid.NewGuid().ToString()
                : "1");

    /// <summary>Every operation of every service and of the gateway, read through the gateway.</summary>
    public static async Task<IReadOnlyList<Operation>> ReadAllAsync(HttpClient gateway)
    {
        var operations = new List<Operation>();
        foreach (var document in new[] { "gateway", "tasks", "reporting", "billing", "documents" })
        {
            using var json = JsonDocument.Parse(await gateway.GetStringAsync($"/openapi/{document}.json"));
            var root = json.RootElement.Clone();
            var components = root.TryGetProperty("components", out var c) ? c : default;
            foreach (var path in root.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject())
                {
                    var operation = method.Value;
                    var isPublic = operation.TryGetProperty("x-public", out var p) && p.GetBoolean();
                    string[] roles = operation.TryGetProperty("x-roles", out var r)
                        ? [.. r.EnumerateArray().Select(role => role.GetString()!)]
                        : [];
                    JsonElement? body = operation.TryGetProperty("requestBody", out var requestBody)
                        && requestBody.GetProperty("content").TryGetProperty("application/json", out var content)
                            ? content.GetProperty("schema")
                            : null;
                    string[] mediaTypes = operation.TryGetProperty("requestBody", out var withBody)
                        ? [.. withBody.GetProperty("content").EnumerateObject().Select(m => m.Name)]
                        : [];
                    Parameter[] parameters = operation.TryGetProperty("parameters", out var declared)
                        ? [.. declared.EnumerateArray().Select(Parameter.From)]
                        : [];
                    operations.Add(new Operation(document, method.Name.ToUpperInvariant(), path.Name, isPublic, roles, body, components)
                    {
                        BodyMediaTypes = mediaTypes,
                        Parameters = parameters,
                    });
                }
            }
        }

        return operations;
    }

    /// <summary>The names and types of the body's properties (following a $ref to the components).</summary>
    public IReadOnlyList<(string Name, string Type)> BodyProperties() =>
        [.. BodyPropertySchemas().Select(p => (p.Name, TypeOf(p.Schema)))];

    /// <summary>The body's properties with their type and format (uuid, date, date-time, int32, …) where it has one.</summary>
    public IReadOnlyList<(string Name, string Type, string? Format)> TypedBodyProperties() =>
        [.. BodyPropertySchemas().Select(p => (p.Name, TypeOf(p.Schema), FormatOf(p.Schema)))];

    private IEnumerable<(string Name, JsonElement Schema)> BodyPropertySchemas()
    {
        if (BodySchema is not { } schema)
        {
            return [];
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Components.GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        return schema.TryGetProperty("properties", out var properties)
            ? [.. properties.EnumerateObject().Select(p => (p.Name, p.Value))]
            : [];
    }

    internal static string? FormatOf(JsonElement property) =>
        property.TryGetProperty("format", out var format) ? format.GetString() : null;

    internal static string TypeOf(JsonElement property) =>
        property.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().First(t => t.GetString() != "null").GetString()! : type.GetString()!
            : "object";
}

/// <summary>A path or query parameter of an operation.</summary>
public sealed record Parameter(string Name, string In, string Type, string? Format, bool IsEnum, bool Required)
{
    public static Parameter From(JsonElement parameter)
    {
        var schema = parameter.TryGetProperty("schema", out var s) ? s : default;
        var known = schema.ValueKind == JsonValueKind.Object;
        return new Parameter(
            parameter.GetProperty("name").GetString()!,
            parameter.GetProperty("in").GetString()!,
            known ? Operation.TypeOf(schema) : "string",
            known ? Operation.FormatOf(schema) : null,
            known && (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("$ref", out _)),
            parameter.TryGetProperty("required", out var required) && required.GetBoolean());
    }
}
