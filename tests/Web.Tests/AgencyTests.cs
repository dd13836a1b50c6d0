using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Pages.Staff.Catalog;
using Microsoft.AspNetCore.Components.Forms;

namespace Clearhours.Web.Tests;

/// <summary>/agency: the agency profile, for admins only.</summary>
public sealed class AgencyTests : IDisposable
{
    private readonly WebApp app = new();

    public static Agency Profile(int version = 3, string? logo = "image/png") => new(version, "ООО «Студия Норд»", "190000002",
        "Minsk, Nezavisimosti 10", "Priorbank", "BY20PJCB30120000000000000933", "PJCBBY2X", "Ivan Petrov", "Director", "#0f6cbd", "ru",
        logo, "admin", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_admin_sees_the_current_profile_in_its_fields_and_the_logo_inline()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "ivan", "admin");
        app.Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, Profile());
        app.Gateway.Answer(HttpMethod.Get, "/api/agency/logo", HttpStatusCode.OK, "logo-bytes");

        var (response, page) = await browser.GetAsync("/agency");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Профиль агентства", page.QuerySelector("h1")!.TextContent);
        var values = page.QuerySelectorAll("fluent-text-field").Select(f => f.GetAttribute("value")).ToList();
        Assert.Contains("ООО «Студия Норд»", values);
        Assert.Contains("190000002", values);
        Assert.Contains("BY20PJCB30120000000000000933", values);
        Assert.Contains("Ivan Petrov", values);
        Assert.Contains("#0f6cbd", values);
        Assert.Contains("Версия 3, изменил(а) admin", page.QuerySelector(".version")!.TextContent);
        var logo = page.QuerySelector("img.logo")!;
        Assert.StartsWith("data:application/json;base64,", logo.GetAttribute("src"));
        Assert.Equal("Логотип агентства", logo.GetAttribute("alt"));
        Assert.All(app.Gateway.Requests.Where(r => r.Path.StartsWith("/api/agency")), r => Assert.Equal("Bearer token-of-ivan", r.Authorization));
    }

    [Fact]
    public async Task Without_a_logo_none_is_asked_for()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "ivan", "admin");
        app.Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, Profile(logo: null));

        var (_, page) = await browser.GetAsync("/agency");

        Assert.Null(page.QuerySelector("img.logo"));
        Assert.Contains("Логотип не загружен.", page.Body!.TextContent);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path == "/api/agency/logo");
    }

    [Fact]
    public async Task A_manager_is_refused_the_agency_profile()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");

        var (response, _) = await browser.GetAsync("/agency");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path.StartsWith("/api/agency"));
    }

    public void Dispose() => app.Dispose();
}

/// <summary>The agency screen alone: saving a new version, the API's reasons at their fields, the logo uploaded.</summary>
public sealed class AgencyScreenTests : CatalogComponentTest
{
    [Fact]
    public void Saving_puts_every_field_and_shows_the_new_version()
    {
        Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, AgencyTests.Profile(logo: null));
        Gateway.Answer(HttpMethod.Put, "/api/agency", HttpStatusCode.OK, AgencyTests.Profile(4, null) with { AccentColor = "#1f6feb" });
        var screen = Render<AgencyProfile>();

        Field(screen, "Фирменный цвет (#rrggbb)").Change("#1f6feb");
        Field(screen, "Язык документов").Change("en");
        screen.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить новую версию")).Click();

        screen.WaitForAssertion(() => Assert.Equal("Сохранена версия 4.", screen.Find(".notice.ok").TextContent));
        var body = SentBody(HttpMethod.Put, "/api/agency");
        Assert.Equal("ООО «Студия Норд»", body.GetProperty("legalName").GetString());
        Assert.Equal("190000002", body.GetProperty("taxId").GetString());
        Assert.Equal("Minsk, Nezavisimosti 10", body.GetProperty("address").GetString());
        Assert.Equal("Priorbank", body.GetProperty("bankName").GetString());
        Assert.Equal("BY20PJCB30120000000000000933", body.GetProperty("bankAccount").GetString());
        Assert.Equal("PJCBBY2X", body.GetProperty("bankBic").GetString());
        Assert.Equal("Ivan Petrov", body.GetProperty("signatoryName").GetString());
        Assert.Equal("Director", body.GetProperty("signatoryPosition").GetString());
        Assert.Equal("#1f6feb", body.GetProperty("accentColor").GetString());
        Assert.Equal("en", body.GetProperty("language").GetString());
    }

    [Fact]
    public void The_apis_reasons_show_at_their_fields_with_the_correlation_id()
    {
        Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, AgencyTests.Profile(logo: null));
        ValidationProblem(HttpMethod.Put, "/api/agency", "corr-agency", new()
        {
            ["taxId"] = ["The tax id (УНП, ИНН): 9 to 12 digits."],
            ["accentColor"] = ["A colour as #rrggbb, e.g. #1f6feb."],
        });
        var screen = Render<AgencyProfile>();

        Field(screen, "УНП / ИНН").Change("12");
        Field(screen, "Фирменный цвет (#rrggbb)").Change("blue");
        screen.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить новую версию")).Click();

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll(".field-error").Count));
        Assert.Equal("The tax id (УНП, ИНН): 9 to 12 digits.", Field(screen, "УНП / ИНН").Closest(".fields > div")!.QuerySelector(".field-error")!.TextContent);
        Assert.Equal("A colour as #rrggbb, e.g. #1f6feb.",
            Field(screen, "Фирменный цвет (#rrggbb)").Closest(".fields > div")!.QuerySelector(".field-error")!.TextContent);
        Assert.Contains("corr-agency", screen.Find(".notice.error").TextContent);
        Assert.Empty(screen.FindAll(".notice.ok"));
    }

    [Fact]
    public void A_logo_is_put_as_the_multipart_file_and_the_new_one_shown()
    {
        Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, AgencyTests.Profile(logo: null));
        Gateway.Answer(HttpMethod.Put, "/api/agency/logo", HttpStatusCode.OK, AgencyTests.Profile(4, "image/svg+xml"));
        Gateway.Answer(HttpMethod.Get, "/api/agency/logo", HttpStatusCode.OK, "svg");
        var screen = Render<AgencyProfile>();

        screen.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "logo.svg"));

        screen.WaitForAssertion(() => Assert.Equal("Логотип сохранён, версия 4.", screen.Find(".notice.ok").TextContent));
        var sent = Gateway.Requests.Single(r => r.Method == "PUT");
        Assert.Equal("/api/agency/logo", sent.Path);
        Assert.Contains("name=file; filename=logo.svg", sent.Body);
        Assert.Contains("Content-Type: image/svg+xml", sent.Body);
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", sent.Body);
        Assert.StartsWith("data:", screen.Find("img.logo").GetAttribute("src"));
    }

    [Fact]
    public void A_refused_logo_is_said_in_the_apis_words()
    {
        Gateway.Answer(HttpMethod.Get, "/api/agency", HttpStatusCode.OK, AgencyTests.Profile(logo: null));
        ValidationProblem(HttpMethod.Put, "/api/agency/logo", "corr-logo", new() { ["file"] = ["A logo must be a PNG or an SVG image."] });
        var screen = Render<AgencyProfile>();

        screen.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("GIF89a", "logo.png"));

        screen.WaitForAssertion(() => Assert.Equal("A logo must be a PNG or an SVG image.", screen.Find(".field-error").TextContent));
        Assert.Contains("corr-logo", screen.Find(".notice.error").TextContent);
        Assert.Empty(screen.FindAll("img.logo"));
    }
}
