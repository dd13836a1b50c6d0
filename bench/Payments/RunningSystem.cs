using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Clearhours.LocalServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearhours.Bench.Payments;

/// <summary>
/// The whole system started from the AppHost, as `dotnet run --project AppHost` starts it, on servers of its own
/// (a temporary state folder and free ports), in the configuration this benchmark was built in.
/// </summary>
internal sealed class RunningSystem : IAsyncDisposable
{
    private static readonly string[] Resources =
        ["postgres", "messaging", "tasks-api", "reporting-api", "billing-api", "documents-api", "gateway"];

    private readonly string _state;

    private readonly OtlpSink _telemetry;

    private RunningSystem(DistributedApplication app, string state, OtlpSink telemetry, HttpClient gateway, HttpClient reporting)
    {
        App = app;
        _telemetry = telemetry;
        _state = state;
        Gateway = gateway;
        Reporting = reporting;
    }

    public DistributedApplication App { get; }

    /// <summary>Signed in as the development manager.</summary>
    public HttpClient Gateway { get; }

    /// <summary>Reporting itself, for the client's approvals: the gateway allows one address 60 public calls a minute.</summary>
    public HttpClient Reporting { get; }

    /// <param name="replicas">How many processes of each of the four services (`Clearhours:Replicas`).</param>
    public static async Task<RunningSystem> StartAsync(int replicas)
    {
        var state = Path.Combine(Path.GetTempPath(), $"clearhours-bench-{Guid.NewGuid():N}");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Clearhours_AppHost>(
        [
            $"--Infrastructure:LocalServers:StateDirectory={state}",
            "--Infrastructure:LocalServers:PostgresPort=0",
            "--Infrastructure:LocalServers:RabbitMqPort=0",
            "--Infrastructure:LocalServers:RabbitMqDistributionPort=0",
            "--Infrastructure:LocalServers:RabbitMqManagementPort=0",
            $"--Gateway:Port={FreePorts.One()}",
            $"--Clearhours:Replicas={replicas}",
        ]);
        // Telemetry stays on, exported to a sink here as it would be to a deployment's collector.
        var telemetry = new OtlpSink(FreePorts.One());
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_ENDPOINT"] = telemetry.Endpoint.ToString();
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            }));
        }

        // The services' own output stays in their processes: the benchmark prints its figures only.
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Clearhours.AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await app.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        var gateway = new HttpClient { BaseAddress = app.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromMinutes(5) };
        using (var signIn = await gateway.PostAsJsonAsync("/api/auth/token", new { userName = "manager", password = "manager-dev-password" }))
        {
            signIn.EnsureSuccessStatusCode();
            var token = (await signIn.Content.ReadFromJsonAsync<TokenAnswer>())!.AccessToken;
            gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new RunningSystem(app, state, telemetry, gateway, new HttpClient { BaseAddress = app.GetEndpoint("reporting-api", "http") });
    }

    /// <summary>Texts only this run's processes carry in their command line or environment (see <see cref="ProcessCpu"/>).</summary>
    public IReadOnlyList<string> ProcessMarkers => [_state, _telemetry.Endpoint.ToString()];

    /// <summary>OTLP exports the services made so far: none would mean they were never pointed at the sink.</summary>
    public int TelemetryExports => _telemetry.Requests;

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"No connection string for {resource}.");

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Reporting.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _telemetry.Dispose();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing its last file; the folder is in the temporary directory.
        }
    }

    private sealed record TokenAnswer(string AccessToken);
}
