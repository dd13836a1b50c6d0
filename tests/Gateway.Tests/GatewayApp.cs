using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Clearhours.Gateway.Tests;

/// <summary>
/// The gateway over Kestrel on a loopback port, with every service behind it down (the discard port): a proxied
/// request gets a 502, which is enough to see limits and traces. Settings are the test's.
/// </summary>
public sealed class GatewayApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public const string SigningKey = "clearhours-gateway-tests-signing-key-not-a-secret-0123456789abcd";

    public List<Activity> Spans { get; } = [];

    public static GatewayApp Start(IReadOnlyDictionary<string, string?> settings)
    {
        var app = new GatewayApp(settings);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Identity:SigningKey", SigningKey);
        foreach (var cluster in new[] { "tasks", "reporting", "billing", "documents", "web" })
        {
            builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:default:Address", "http://127.0.0.1:9");
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        // Added after the gateway's own processors, so it sees each span as an exporter would.
        builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Recorder(Spans))));
    }

    private sealed class Recorder(List<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (spans)
            {
                spans.Add(data);
            }
        }
    }
}
