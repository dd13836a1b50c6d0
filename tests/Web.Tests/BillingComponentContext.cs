using System.Globalization;
using System.Security.Claims;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Staff;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Clearhours.Web.Tests;

/// <summary>Billing's components rendered alone, olga (accountant) signed in, their API calls going to a <see cref="FakeGateway"/>.</summary>
public abstract class BillingComponentContext : BunitContext
{
    protected BillingComponentContext()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLocalization();
        Services.AddFluentUIComponents();
        var authorization = AddAuthorization();
        authorization.SetAuthorized("olga");
        authorization.SetClaims(new Claim(StaffSession.TokenClaim, "token-of-olga"));
        Services.AddSingleton(services => new GatewayApi(new HttpClient(Gateway) { BaseAddress = new("http://gateway.test/") },
            new HttpContextAccessor(), services.GetRequiredService<AuthenticationStateProvider>()));
    }

    protected FakeGateway Gateway { get; } = new();

    protected (string Method, string Path, string? Body, string? CorrelationId, string? Authorization) Sent(string method, string path) =>
        Assert.Single(Gateway.Requests, r => r.Method == method && r.Path == path);
}
