using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearhours.EndToEnd.Tests;

/// <summary>The whole system, started from the AppHost as `dotnet run --project AppHost` would, on servers of its own.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public static readonly string[] Resources =
        ["postgres", "messaging", "tasks-api", "reporting-api", "billing-api", "documents-api", "web", "gateway"];

    private readonly string _state = Path.Combine(Path.GetTempPath(), $"clearhours-e2e-{Guid.NewGuid():N}");

    public DistributedApplication App { get; private set; } = null!;

    public TimeSpan StartedIn { get; private set; }

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
            "--Infrastructure:LocalServers:RabbitMqManagementPort=0",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await App.StartAsync(timeout.Token);
        foreach (var resource in Resources)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }

        StartedIn = DateTime.UtcNow - started;
        Gateway = App.CreateHttpClient("gateway");
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

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
}
