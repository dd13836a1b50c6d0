using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Model;

namespace Clearhours.Gateway;

public static class RouteLimits
{
    /// <summary>A proxied route may allow larger bodies than the default with the metadata MaxRequestBodySize (bytes).</summary>
    public static void FromRouteMetadata(EndpointBuilder endpoint)
    {
        var route = endpoint.Metadata.OfType<RouteModel>().FirstOrDefault();
        if (route?.Config.Metadata?.TryGetValue("MaxRequestBodySize", out var value) == true && long.TryParse(value, out var bytes))
        {
            endpoint.Metadata.Add(new RequestSizeLimitAttribute(bytes));
        }
    }
}
