using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Clearhours.Web.Tests;

/// <summary>A browser-like client of the web app: keeps its cookies, posts forms with their antiforgery token.</summary>
public sealed class Browser(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public static Browser Open(WebApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<(HttpResponseMessage Response, IDocument Page)> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return (response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Opens <paramref name="path"/>, then posts the form named <paramref name="form"/> with these fields.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, string form, Dictionary<string, string> fields)
    {
        fields["_handler"] = form;
        return PostFromPageAsync(path, path, fields);
    }

    /// <summary>Opens <paramref name="page"/> for its antiforgery token, then posts these fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string page, string action, Dictionary<string, string> fields)
    {
        var (_, opened) = await GetAsync(page);
        fields["__RequestVerificationToken"] = opened.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"{page} has no form with an antiforgery token");
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in as a user with these roles (the fake gateway issues the token), as the sign-in form does.</summary>
    public async Task SignInAsync(FakeGateway gateway, string userName, params string[] roles)
    {
        gateway.Answer(HttpMethod.Post, "/api/auth/token", HttpStatusCode.OK, new
        {
            accessToken = $"token-of-{userName}", tokenType = "Bearer", expiresIn = 1800,
            expiresAt = DateTimeOffset.UtcNow.AddMinutes(30), roles,
        });
        using var response = await PostFormAsync("/signin", "signin", new() { ["Input.UserName"] = userName, ["Input.Password"] = "secret" });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {response.StatusCode}");
        }
    }

    public void Dispose() => Client.Dispose();
}
