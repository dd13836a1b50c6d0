using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Clearhours.LocalServers;

/// <summary>
/// Free ports for servers that bind them later. A port the kernel hands out for a bind to port 0 lies in its ephemeral
/// range, where every outgoing connection also takes its local port: in the seconds before a server binds it (RabbitMQ
/// boots for several), a connection can take it, and the server fails with "address in use". These come from below
/// that range, where nothing is handed out.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 10_000;
    private const int Attempts = 1_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int One() => Take(1)[0];

    /// <summary>Distinct free ports: each is held until the last one is found.</summary>
    public static int[] Take(int count)
    {
        var belowEphemeral = EphemeralLow();
        var listeners = new List<TcpListener>();
        try
        {
            for (var attempt = 0; listeners.Count < count; attempt++)
            {
                if (attempt == Attempts)
                {
                    throw new InvalidOperationException(
                        $"No {count} free ports between {Lowest} and {belowEphemeral} after {Attempts} attempts.");
                }

                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(Lowest, belowEphemeral));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>The first ephemeral port ("32768\t60999" in the file), Linux's default when the machine does not say.</summary>
    private static int EphemeralLow()
    {
        var first = File.Exists(EphemeralRangeFile) ? File.ReadAllText(EphemeralRangeFile).Split('\t', ' ')[0] : "";
        var low = int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 32_768;
        return Math.Max(low, Lowest + 1_000);
    }
}
