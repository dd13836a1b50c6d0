namespace Clearhours.AppHost;

/// <summary>How many processes of a service run, and how its callers reach them.</summary>
public static class Instances
{
    /// <summary>
    /// One process listens on a port of its own, which the gateway and the other services call directly, as on a
    /// cluster. Aspire's default puts a DCP proxy in front of each service: one more loopback hop, with its own CPU, on
    /// every call (bench/README.md, System: the proxy alone cost 0.81–0.88 × direct throughput). More than one process
    /// share that proxy, which spreads the calls between them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithInstances(this IResourceBuilder<ProjectResource> project, int replicas) =>
        replicas > 1
            ? project.WithReplicas(replicas)
            : project.WithEndpoint("http", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = null; // the launch profile's port is the proxy's; without one DCP picks a free port
            });
}
