using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Clearhours.EndToEnd.Tests.Telemetry;
using Clearhours.LocalServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearhours.EndToEnd.Tests;

[CollectionDefinition(nameof(SystemCollection))]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>;

/// <summary>The whole system, started from the AppHost as `dotnet run --project AppHost` would, on servers of its own.</summary>
public class SystemFixture : IAsyncLifetime
{
    public static readonly string[] Resources =
        ["postgres", "messaging", "tasks-api", "reporting-api", "billing-api", "documents-api", "web", "gateway"];

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"clearhours-e2e-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _tokens = [];

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Every service exports its traces here (OTLP/HTTP), as it would to the dashboard.</summary>
    public OtlpCollector Telemetry { get; } = new(FreePorts.One());

    /// <summary>The secret of the webhook source <see cref="WebhookSource"/>, which Billing is given at the start.</summary>
    public const string WebhookSource = "e2e-paybox";

    public string WebhookSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The management port RabbitMQ listens on; 0 (the default) lets the AppHost pick a free one.</summary>
    protected virtual int RabbitMqManagementPort => 0;

    /// <summary>More AppHost settings, as <c>--Key=value</c> arguments.</summary>
    protected virtual IEnumerable<string> MoreArguments => [];

    /// <summary>More logging rules for the AppHost's own log, on top of Warning and above.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    public TimeSpan StartedIn { get; private set; }

    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>A client calling from 127.0.0.1.</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        // Own state folder and free ports: a developer's AppHost may be running beside the tests.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Clearhours_AppHost>(
        [
            $"--Infrastructure:LocalServers:StateDirectory={_state}",
            "--Infrastructure:LocalServers:PostgresPort=0",
            "--Infrastructure:LocalServers:RabbitMqPort=0",
            "--Infrastructure:LocalServers:RabbitMqDistributionPort=0",
            $"--Infrastructure:LocalServers:RabbitMqManagementPort={RabbitMqManagementPort}",
            $"--Gateway:Port={FreePorts.One()}",
            .. MoreArguments,
        ]);
        // Every service sends its telemetry to this test's collector, where the AppHost would name the dashboard's.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = Telemetry.Endpoint.ToString();
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                context.EnvironmentVariables["OTEL_BSP_SCHEDULE_DELAY"] = "500";
            }));
        }

        builder.Resources.Single(r => r.Name == "billing-api").Annotations.Add(
            new EnvironmentCallbackAnnotation($"Billing__Webhooks__{WebhookSource}__Secret", () => WebhookSecret));
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            ConfigureLogging(logging);
        });

        App = await builder.BuildAsync();
        // Generous: on a busy 2-core machine the first start builds and initialises everything.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await App.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        StartedIn = DateTime.UtcNow - started;
        GatewayAddress = App.GetEndpoint("gateway", "http");
        Gateway = ClientFrom(IPAddress.Loopback);
    }

    /// <summary>
    /// A client whose connections come from <paramref name="source"/> (any 127.x.y.z): the gateway limits each
    /// client address on its own, so a test that spends a limit uses an address of its own.
    /// </summary>
    public HttpClient ClientFrom(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint.Host == "localhost"
                        ? new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port)
                        : context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = GatewayAddress };
    }

    /// <summary>A client signed in as the development user of <paramref name="role"/>.</summary>
    public async Task<HttpClient> StaffClientAsync(string role, IPAddress? source = null)
    {
        var client = ClientFrom(source ?? IPAddress.Loopback);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(role));
        return client;
    }

    /// <summary>One token per role for the whole run: the token route allows only a few requests a minute.</summary>
    public async Task<string> TokenAsync(string role)
    {
        if (!_tokens.TryGetValue(role, out var token))
        {
            using var response = await Gateway.PostAsJsonAsync("/api/auth/token", new { userName = role, password = $"{role}-dev-password" });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenAnswer>())!.AccessToken;
            _tokens[role] = token;
        }

        return token;
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        Telemetry.Dispose();

        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing its last file; the folder is in the temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record TokenAnswer(string AccessToken);
}
