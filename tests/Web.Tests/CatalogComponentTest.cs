using System.Globalization;
using System.Text.Json;
using Bunit;
using Clearhours.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;

namespace Clearhours.Web.Tests;

/// <summary>A catalog component rendered alone (bunit), its API calls answered by a <see cref="FakeGateway"/>.</summary>
public abstract class CatalogComponentTest : BunitContext
{
    protected CatalogComponentTest() => Gateway = this.UseStaff("admin");

    protected FakeGateway Gateway { get; }

    /// <summary>The JSON body of the one request sent with this method to this path.</summary>
    protected JsonElement SentBody(HttpMethod method, string path) =>
        JsonDocument.Parse(Gateway.Requests.Single(r => r.Method == method.Method && r.Path == path).Body!).RootElement;

    /// <summary>A 400 as the services write it: field errors by field, and the correlation id.</summary>
    protected void ValidationProblem(HttpMethod method, string path, string correlationId, Dictionary<string, string[]> errors) =>
        Gateway.Answer(method, path, System.Net.HttpStatusCode.BadRequest, new Dictionary<string, object>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            ["title"] = "One or more validation errors occurred.",
            ["status"] = 400,
            ["errors"] = errors,
            ["correlationId"] = correlationId,
        });

    /// <summary>The Fluent input labelled so (its label points at it), to type into: its change event carries the value.</summary>
    protected static AngleSharp.Dom.IElement Field<T>(IRenderedComponent<T> component, string label) where T : Microsoft.AspNetCore.Components.IComponent
    {
        var labels = component.FindAll("label").ToList();
        var exact = labels.Where(l => l.TextContent.Trim().TrimEnd('*').Trim() == label).ToList();
        var id = Assert.Single(exact.Count > 0 ? exact : [.. labels.Where(l => l.TextContent.Trim().StartsWith(label, StringComparison.Ordinal))])
            .GetAttribute("for");
        return component.Find($"#{id}");
    }
}
