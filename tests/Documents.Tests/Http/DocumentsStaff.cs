using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Documents.Tests.Http;

/// <summary>
/// The Documents API as staff call it: clients with real tokens per role (minted as the gateway's built-in issuer does,
/// with the key <see cref="DocumentsApp"/> gives the service), and what the service queued in its outbox.
/// </summary>
public sealed class DocumentsStaff(DocumentsApp app) : IDisposable
{
    /// <summary>The key <see cref="DocumentsApp"/> sets as Identity:SigningKey.</summary>
    public const string SigningKey = "clearhours-documents-tests-signing-key-not-a-secret-0123456789ab";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, HttpClient> _clients = [];

    public HttpClient Accountant => Client(StaffRoles.Accountant);

    public HttpClient Manager => Client(StaffRoles.Manager);

    public HttpClient Admin => Client(StaffRoles.Admin);

    /// <summary>A client with a token for <paramref name="role"/> (the user is named after it); null: no token at all.</summary>
    public HttpClient Client(string? role)
    {
        if (!_clients.TryGetValue(role ?? "", out var client))
        {
            client = app.Service.CreateClient();
            if (role is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role));
            }

            _clients[role ?? ""] = client;
        }

        return client;
    }

    /// <summary>The events of <typeparamref name="T"/> the service queued, in order (the relay is off in tests).</summary>
    public async Task<List<T>> EventsAsync<T>()
    {
        await using var db = app.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(T).FullName + ",")).OrderBy(m => m.Id).ToListAsync();
        return [.. rows.Select(r => (T)r.Deserialize().Message)];
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>The problem details body of an error answer, after checking its status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The names of the fields a 400 problem lists.</summary>
    public static async Task<List<string>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No field errors in {problem}");
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, "
                + $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A staff token for <paramref name="role"/>, as the gateway's built-in issuer mints it.</summary>
    public static string Token(string role) => StaffTokens.Mint(SigningKey, role);
}
