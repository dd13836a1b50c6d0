using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Clearhours.DemoData;

/// <summary>The public API through the gateway, as a staff member signed in with a token calls it.</summary>
public sealed class GatewayClient(HttpClient http)
{
    private static readonly TimeSpan CatchUpWithin = TimeSpan.FromSeconds(60);

    public async Task SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoDataException($"Signing in as '{userName}' failed ({(int)response.StatusCode}): the development users " +
                "exist only with the built-in issuer in Development; see the README's \"Signing in\".");
        }

        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>Reads <paramref name="path"/> until <paramref name="done"/> holds: the services meet through events.</summary>
    public async Task<JsonElement> EventuallyAsync(
        Func<Task<JsonElement>> read, Func<JsonElement, bool> done, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + CatchUpWithin;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoDataException($"{what} did not happen within {CatchUpWithin.TotalSeconds} s.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoDataException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 || response.StatusCode == HttpStatusCode.NoContent ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Seeding stopped: the message says where and why.</summary>
public sealed class DemoDataException(string message) : Exception(message);
