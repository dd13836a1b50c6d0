using Clearhours.Testing;

namespace Clearhours.Billing.Tests.Http;

/// <summary>Tests that call Billing over HTTP: a service of their own on a fresh database, and clients for its staff.</summary>
public abstract class BillingApiTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    protected BillingApp App { get; private set; } = null!;

    protected BillingStaff Staff { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await BillingApp.StartAsync(servers);
        Staff = new BillingStaff(App);
    }

    public async Task DisposeAsync()
    {
        Staff.Dispose();
        await App.DisposeAsync();
    }
}
