using System.Net;
using Bunit;
using Clearhours.Web.Api;
using Clearhours.Web.Components.Catalog;

namespace Clearhours.Web.Tests;

/// <summary>/clients: the companies with their requisites, as the signed-in manager.</summary>
public sealed class ClientsTests : IDisposable
{
    private readonly WebApp app = new();

    [Fact]
    public async Task The_clients_page_lists_each_company_with_its_requisites_asked_with_the_managers_token()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, Catalog.Companies(Catalog.Acme, Catalog.Globex));

        var (response, page) = await browser.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Клиенты", page.QuerySelector("h1")!.TextContent);
        var text = page.Body!.TextContent;
        Assert.Contains("Acme LLC", text);
        Assert.Contains("ООО «Акме»", text);
        Assert.Contains("190000001", text);
        Assert.Contains("BY13NBRB3600900000002Z00AB00", text);
        Assert.Contains("Globex", text);
        Assert.Contains("EUR", text);
        var call = Assert.Single(app.Gateway.Requests, r => r.Path == "/api/companies");
        Assert.Equal("Bearer token-of-maria", call.Authorization);
        Assert.NotNull(page.QuerySelector($"a[href='projects?companyId={Catalog.AcmeId}']"));
    }

    [Fact]
    public async Task A_failed_list_is_shown_with_its_correlation_id()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "maria", "manager");
        app.Gateway.Problem(HttpMethod.Get, "/api/companies", HttpStatusCode.InternalServerError, "Tasks is down.", "corr-500");

        var (_, page) = await browser.GetAsync("/clients");

        var notice = page.QuerySelector(".notice.error")!;
        Assert.Contains("Tasks is down.", notice.TextContent);
        Assert.Contains("corr-500", notice.TextContent);
    }

    [Fact]
    public async Task An_accountant_is_refused_the_clients()
    {
        using var browser = Browser.Open(app);
        await browser.SignInAsync(app.Gateway, "olga", "accountant");

        var (response, _) = await browser.GetAsync("/clients");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/denied", response.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain(app.Gateway.Requests, r => r.Path == "/api/companies");
    }

    public void Dispose() => app.Dispose();
}

/// <summary>The client form alone: what it sends, and the API's reasons at their fields.</summary>
public sealed class CompanyFormTests : CatalogComponentTest
{
    [Fact]
    public void A_new_client_is_posted_with_every_field_the_api_takes()
    {
        Gateway.Answer(HttpMethod.Post, "/api/companies", HttpStatusCode.Created, Catalog.Acme);
        Company? saved = null;
        var form = Render<CompanyForm>(p => p.Add(f => f.Saved, c => saved = c));

        Field(form, "Название").Change("Acme LLC");
        Field(form, "Юридическое название").Change("ООО «Акме»");
        Field(form, "УНП / ИНН").Change("190000001");
        Field(form, "Юридический адрес").Change("Minsk, Pobediteley 1");
        Field(form, "Банк").Change("Alfa-Bank");
        Field(form, "Расчётный счёт").Change("BY13NBRB3600900000002Z00AB00");
        Field(form, "БИК").Change("ALFABY2X");
        Field(form, "Электронная почта").Change("billing@acme.test");
        Field(form, "Валюта").Change("byn");
        Field(form, "Срок оплаты").Change("10");
        Field(form, "Внешний идентификатор").Change("acme");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        form.WaitForAssertion(() => Assert.Equal(Catalog.AcmeId, saved?.Id));
        var body = SentBody(HttpMethod.Post, "/api/companies");
        Assert.Equal("Acme LLC", body.GetProperty("name").GetString());
        Assert.Equal("ООО «Акме»", body.GetProperty("legalName").GetString());
        Assert.Equal("190000001", body.GetProperty("taxId").GetString());
        Assert.Equal("Minsk, Pobediteley 1", body.GetProperty("address").GetString());
        Assert.Equal("Alfa-Bank", body.GetProperty("bankName").GetString());
        Assert.Equal("BY13NBRB3600900000002Z00AB00", body.GetProperty("bankAccount").GetString());
        Assert.Equal("ALFABY2X", body.GetProperty("bankBic").GetString());
        Assert.Equal("billing@acme.test", body.GetProperty("contactEmail").GetString());
        Assert.Equal("BYN", body.GetProperty("currency").GetString());
        Assert.Equal(10, body.GetProperty("paymentTermsDays").GetInt32());
        Assert.Equal("acme", body.GetProperty("externalId").GetString());
    }

    [Fact]
    public void Editing_a_client_puts_its_details_to_its_address()
    {
        Gateway.Answer(HttpMethod.Put, $"/api/companies/{Catalog.AcmeId}", HttpStatusCode.OK, Catalog.Acme with { PaymentTermsDays = 15 });
        var form = Render<CompanyForm>(p => p.Add(f => f.Company, Catalog.Acme));

        Field(form, "Срок оплаты").Change("15");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        form.WaitForAssertion(() => Assert.Single(Gateway.Requests));
        var body = SentBody(HttpMethod.Put, $"/api/companies/{Catalog.AcmeId}");
        Assert.Equal(15, body.GetProperty("paymentTermsDays").GetInt32());
        Assert.Equal("Acme LLC", body.GetProperty("name").GetString());
        Assert.Equal("ALFABY2X", body.GetProperty("bankBic").GetString());
    }

    [Fact]
    public void The_apis_reasons_show_at_their_fields_and_the_rest_with_the_correlation_id()
    {
        ValidationProblem(HttpMethod.Post, "/api/companies", "corr-400", new()
        {
            ["Currency"] = ["Use an ISO 4217 code, e.g. BYN."],
            ["contactEmail"] = ["The ContactEmail field is not a valid e-mail address."],
            ["somethingElse"] = ["A reason of no field on the form."],
        });
        var form = Render<CompanyForm>();

        Field(form, "Название").Change("Acme LLC");
        Field(form, "Валюта").Change("XXX");
        form.FindAll("fluent-button").First(b => b.TextContent.Contains("Сохранить")).Click();

        form.WaitForAssertion(() => Assert.NotEmpty(form.FindAll(".field-error")));
        Assert.Equal("Use an ISO 4217 code, e.g. BYN.", Field(form, "Валюта").Closest(".fields > div")!.QuerySelector(".field-error")!.TextContent);
        Assert.Equal("The ContactEmail field is not a valid e-mail address.",
            Field(form, "Электронная почта").Closest(".fields > div")!.QuerySelector(".field-error")!.TextContent);
        Assert.Equal(2, form.FindAll(".field-error").Count);
        var notice = form.Find(".notice.error");
        Assert.Contains("A reason of no field on the form.", notice.TextContent);
        Assert.DoesNotContain("ISO 4217", notice.TextContent);
        Assert.Contains("corr-400", notice.TextContent);
    }
}
