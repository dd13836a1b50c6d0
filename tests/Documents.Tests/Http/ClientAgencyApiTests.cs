using System.Net;
using System.Net.Http.Json;
using Clearhours.Documents.Apis;
using Clearhours.Testing;

namespace Clearhours.Documents.Tests.Http;

/// <summary>The agency's look for the client's page: anyone may read it, and it follows the profile the documents print.</summary>
public sealed class ClientAgencyApiTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    [Fact]
    public async Task Without_a_token_the_page_gets_the_profiles_name_and_colour_and_no_logo_yet()
    {
        var look = await DocumentsStaff.ReadAsync<AgencyLook>(await Staff.Client(null).GetAsync("/api/public/agency"), HttpStatusCode.OK);
        var logo = await Staff.Client(null).GetAsync("/api/public/agency/logo");

        Assert.Equal(("ООО «Ясные часы»", "#1f6feb", null), (look.Name, look.AccentColor, look.LogoPath));
        await DocumentsStaff.ProblemAsync(logo, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_profile_and_logo_show_on_the_page_at_a_new_address_as_a_PNG_even_from_an_SVG()
    {
        await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Admin.PutAsJsonAsync("/api/agency",
            AgencyApiTests.Valid() with { LegalName = "ООО «Студия Норд»", AccentColor = "#0F6CBD" }), HttpStatusCode.OK);
        var svg = await File.ReadAllBytesAsync(Path.Combine("Data", "uploads", "logo.svg"));
        await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Admin.PutAsync("/api/agency/logo", Files.Form("file", svg, "logo.svg")), HttpStatusCode.OK);

        var look = await DocumentsStaff.ReadAsync<AgencyLook>(await Staff.Client(null).GetAsync("/api/public/agency"), HttpStatusCode.OK);
        var logo = await Staff.Client(null).GetAsync(look.LogoPath);

        Assert.Equal(("ООО «Студия Норд»", "#0f6cbd", "/api/public/agency/logo?v=3"), (look.Name, look.AccentColor, look.LogoPath));
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Files.Png[..8], (await logo.Content.ReadAsByteArrayAsync())[..8]);
    }
}
