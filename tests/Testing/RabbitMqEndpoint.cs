using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Clearhours.LocalServers;

namespace Clearhours.Testing;

internal sealed class RabbitMqEndpoint
{
    private readonly Uri amqp;
    private readonly string username;
    private readonly string password;
    private readonly HttpClient management;

    /// <param name="amqp">amqp://user:pass@host:port/</param>
    /// <param name="managementUri">http://host:port/, with credentials or else the AMQP ones are used.</param>
    public RabbitMqEndpoint(Uri amqp, Uri managementUri, string mode)
    {
        this.amqp = amqp;
        Mode = mode;
        (username, password) = Credentials(amqp) ?? ("guest", "guest");
        var (managementUser, managementPassword) = Credentials(managementUri) ?? (username, password);
        ManagementUri = new UriBuilder(managementUri) { UserName = "", Password = "" }.Uri;
        management = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{managementUser}:{managementPassword}")));
    }

    public Uri ManagementUri { get; }

    public string Mode { get; }

    public string ConnectionString(string virtualHost)
    {
        var port = amqp.Port > 0 ? amqp.Port : amqp.Scheme == "amqps" ? 5671 : 5672;
        return RabbitMqUris.Amqp(amqp.Scheme, amqp.Host, port, username, password, virtualHost);
    }

    public async Task<bool> ManagementAnswersAsync(CancellationToken ct)
    {
        try
        {
            using var response = await management.GetAsync("api/overview", ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task CreateVirtualHostAsync(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        using var created = await management.PutAsJsonAsync($"api/vhosts/{escaped}", new { });
        await EnsureSuccessAsync(created, $"create virtual host {name}");
        using var permitted = await management.PutAsJsonAsync(
            $"api/permissions/{escaped}/{Uri.EscapeDataString(username)}",
            new { configure = ".*", write = ".*", read = ".*" });
        await EnsureSuccessAsync(permitted, $"grant {username} permissions on virtual host {name}");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string action)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"RabbitMQ management API could not {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static (string User, string Password)? Credentials(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return null;
        }

        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
