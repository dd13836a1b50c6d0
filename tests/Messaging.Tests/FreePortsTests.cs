using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Clearhours.LocalServers;

namespace Clearhours.Messaging.Tests;

/// <summary>The ports the local RabbitMQ and PostgreSQL servers of the tests and the AppHost are given.</summary>
public sealed class FreePortsTests
{
    [Fact]
    public void Ports_are_distinct_free_and_below_the_kernels_ephemeral_range()
    {
        var ephemeralLow = int.Parse(
            File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], CultureInfo.InvariantCulture);

        var ports = FreePorts.Take(5);

        Assert.Equal(5, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 10_000, ephemeralLow - 1));
        var listeners = ports.Select(port => new TcpListener(IPAddress.Loopback, port)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
        }
        finally
        {
            listeners.ForEach(listener => listener.Dispose());
        }
    }

    /// <summary>
    /// A thousand of the ~22 000 ports held, five hundred handed out: picked without the check, about 22 would be among
    /// the held ones (none at all once in e^22 runs).
    /// </summary>
    [Fact]
    public void A_port_that_is_taken_is_not_handed_out()
    {
        var taken = Enumerable.Range(0, 1_000).Select(_ => FreePorts.One()).Distinct()
            .Select(port => new TcpListener(IPAddress.Loopback, port)).ToList();
        try
        {
            taken.ForEach(listener => listener.Start());
            var takenPorts = taken.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToHashSet();

            var handedOut = Enumerable.Range(0, 500).Select(_ => FreePorts.One());

            Assert.DoesNotContain(handedOut, takenPorts.Contains);
        }
        finally
        {
            taken.ForEach(listener => listener.Dispose());
        }
    }
}
