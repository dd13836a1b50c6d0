using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Gateway.Tests;

/// <summary>A bare app with the services' HTTP defaults and anonymous endpoints of the test's own, on a test server.</summary>
public sealed class DefaultsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DefaultsApp(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<DefaultsApp> StartAsync(Action<RouteGroupBuilder> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["Identity:SigningKey"] = GatewayApp.SigningKey;
        builder.AddHttpDefaults();
        var app = builder.Build();
        app.UseHttpDefaults();
        map(app.MapGroup("").WithApiDefaults().AllowAnonymous());
        await app.StartAsync();
        return new DefaultsApp(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
