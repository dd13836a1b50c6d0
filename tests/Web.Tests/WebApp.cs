using Clearhours.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clearhours.Web.Tests;

/// <summary>The web app in memory, its gateway a <see cref="FakeGateway"/>.</summary>
public sealed class WebApp : WebApplicationFactory<Program>
{
    public FakeGateway Gateway { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Identity:SigningKey", "clearhours-web-tests-signing-key-not-a-secret-0123456789abcdef");
        builder.UseSetting("Gateway:Url", "http://gateway.test");
        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        builder.ConfigureTestServices(services =>
            services.AddHttpClient<GatewayApi>().ConfigurePrimaryHttpMessageHandler(() => Gateway));
    }
}
