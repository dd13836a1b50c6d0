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

/// <summary>What every staff component rendered alone (bunit) needs: Russian texts, Fluent, a signed-in user, a fake gateway.</summary>
public static class StaffContext
{
    /// <summary>
    /// Signs <paramref name="userName"/> in with <paramref name="role"/> and the token the fake gateway then sees as
    /// "Bearer token-of-{userName}", and points the context's GatewayApi at a new fake gateway, which it returns. The path
    /// and query of every call are kept in the context's <c>List&lt;string&gt;</c> service (see <see cref="QueryRecorder"/>).
    /// </summary>
    public static FakeGateway UseStaff(this BunitContext context, string role = "manager", string userName = "maria")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
        var gateway = new FakeGateway();
        var sent = new List<string>();
        context.Services.AddLocalization();
        context.Services.AddFluentUIComponents();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var authorization = context.AddAuthorization();
        authorization.SetAuthorized(userName);
        authorization.SetRoles(role);
        authorization.SetClaims(new Claim(StaffSession.TokenClaim, $"token-of-{userName}"));
        context.Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        context.Services.AddSingleton(services => new GatewayApi(
            new HttpClient(new QueryRecorder(sent) { InnerHandler = gateway }) { BaseAddress = new("http://gateway.test/") },
            services.GetRequiredService<IHttpContextAccessor>(), services.GetRequiredService<AuthenticationStateProvider>()));
        context.Services.AddSingleton(sent);
        return gateway;
    }
}

/// <summary>
/// Keeps the path and query of every call on its way to the fake gateway, which matches and records paths alone: the
/// board's filters and the search's travel in the query.
/// </summary>
public sealed class QueryRecorder(List<string> sent) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (sent)
        {
            sent.Add(request.RequestUri!.PathAndQuery);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
