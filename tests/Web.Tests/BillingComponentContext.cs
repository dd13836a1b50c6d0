using Bunit;

namespace Clearhours.Web.Tests;

/// <summary>Billing's components rendered alone, olga (accountant) signed in, their API calls going to a <see cref="FakeGateway"/>.</summary>
public abstract class BillingComponentContext : BunitContext
{
    protected BillingComponentContext() => Gateway = this.UseStaff("accountant", "olga");

    protected FakeGateway Gateway { get; }

    protected (string Method, string Path, string? Body, string? CorrelationId, string? Authorization, string? ForwardedFor) Sent(string method, string path) =>
        Assert.Single(Gateway.Requests, r => r.Method == method && r.Path == path);
}
