using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Testing;

public static class BusStarted
{
    /// <summary>
    /// A service listens before its bus has connected (it does not wait for the broker at start): a test that publishes
    /// to the service's queues, or waits for its events, first waits for its bus to be up and its queues bound.
    /// </summary>
    public static async Task WaitForBusAsync(this IServiceProvider services)
    {
        var limit = TimeSpan.FromSeconds(60);
        var status = await services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, limit);
        if (status != BusHealthStatus.Healthy)
        {
            throw new TimeoutException($"The service's bus is {status} after {limit.TotalSeconds:0} s.");
        }
    }
}
