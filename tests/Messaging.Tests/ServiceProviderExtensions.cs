using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Messaging.Tests;

internal static class ServiceProviderExtensions
{
    public static AsyncServiceScope CreateAsyncScopeFor<T>(this IServiceProvider services, out T service) where T : notnull
    {
        var scope = services.CreateAsyncScope();
        service = scope.ServiceProvider.GetRequiredService<T>();
        return scope;
    }
}
