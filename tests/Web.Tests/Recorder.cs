using Clearhours.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>Keeps each API call's whole address: the fake gateway matches on the path alone, and a list's filters are its query.</summary>
internal sealed class Recorder(List<Uri> sent) : DelegatingHandler
{
    /// <summary>A browser of <paramref name="app"/> whose API calls are also written to <paramref name="sent"/>.</summary>
    public static Browser Open(WebApp app, List<Uri> sent)
    {
        var recording = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient<GatewayApi>().AddHttpMessageHandler(() => new Recorder(sent))));
        return new Browser(recording.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (sent)
        {
            sent.Add(request.RequestUri!);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
