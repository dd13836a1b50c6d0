using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Behind a load balancer every request comes from the balancer's address, so per-address rate limits would put all
/// clients in one bucket. X-Forwarded-For names the client, but anyone can send it: it is honoured only from the
/// proxies configured here (ForwardedHeaders:KnownProxies, ForwardedHeaders:KnownNetworks), and from nobody by default.
/// The gateway trusts the ingress in front of it and the web app (which passes its visitor's address on); the web app
/// trusts the gateway.
/// </summary>
public static class TrustedProxies
{
    public static void AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("ForwardedHeaders");
        var proxies = settings.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = settings.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The framework trusts loopback by default, and any address when both lists are empty: so with nothing
            // configured no header is read at all.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardedHeaders = proxies.Length + networks.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
    }
}
