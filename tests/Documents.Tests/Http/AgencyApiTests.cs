using System.Net;
using System.Net.Http.Json;
using Clearhours.Documents.Apis;
using Clearhours.Documents.Model;
using Clearhours.Testing;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Documents.Tests.Http;

public sealed class AgencyApiTests(ServersFixture servers) : DocumentsApiTests(servers)
{
    public static AgencyRequisites Valid() => new("ООО «Ясные часы»", "191234567", "220030, г. Минск, ул. Интернациональная, 25",
        "ОАО «АСБ Беларусбанк»", "BY86 AKBB 3012 0000 0123 4560 0000", "akbbby2x", "Иванова Анна Сергеевна", "Директор", "#1F6FEB", null);

    [Fact]
    public async Task The_first_profile_comes_from_configuration()
    {
        var profile = await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Manager.GetAsync("/api/agency"), HttpStatusCode.OK);

        Assert.Equal((1, "ООО «Ясные часы»", "191234567", "AKBBBY2X", "ru", "configuration"),
            (profile.Version, profile.LegalName, profile.TaxId, profile.BankBic, profile.Language, profile.ChangedBy));
    }

    [Fact]
    public async Task An_admin_saves_the_next_version_cleaned()
    {
        var saved = await DocumentsStaff.ReadAsync<AgencyView>(
            await Staff.Admin.PutAsJsonAsync("/api/agency", Valid() with { SignatoryName = "  Петров Пётр  " }), HttpStatusCode.OK);

        Assert.Equal((2, "Петров Пётр", "BY86AKBB30120000012345600000", "AKBBBY2X", "#1f6feb", "ru", StaffRoles.Admin),
            (saved.Version, saved.SignatoryName, saved.BankAccount, saved.BankBic, saved.AccentColor, saved.Language, saved.ChangedBy));
        var current = await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Accountant.GetAsync("/api/agency"), HttpStatusCode.OK);
        Assert.Equal(saved, current);
        await using var db = App.NewDbContext();
        Assert.Equal([1, 2], db.AgencyProfiles.Select(p => p.Version).Order().ToList());
    }

    [Fact]
    public async Task A_profile_with_bad_fields_is_a_400_naming_them_and_saves_nothing()
    {
        var bad = Valid() with { LegalName = " ", TaxId = "12AB", BankAccount = "123", BankBic = "X", AccentColor = "blue", Language = "de" };

        var response = await Staff.Admin.PutAsJsonAsync("/api/agency", bad);

        Assert.Equal(["accentColor", "bankAccount", "bankBic", "language", "legalName", "taxId"],
            (await DocumentsStaff.FieldErrorsAsync(response)).Order());
        Assert.Equal(1, (await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Admin.GetAsync("/api/agency"), HttpStatusCode.OK)).Version);
    }

    [Fact]
    public async Task Only_an_admin_changes_the_profile()
    {
        var byAccountant = await Staff.Accountant.PutAsJsonAsync("/api/agency", Valid());
        var byManager = await Staff.Manager.PutAsync("/api/agency/logo", Files.Form("file", Files.Png, "logo.png"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (byAccountant.StatusCode, byManager.StatusCode));
        Assert.Equal(1, (await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Admin.GetAsync("/api/agency"), HttpStatusCode.OK)).Version);
    }

    [Fact]
    public async Task A_PNG_logo_is_kept_as_uploaded_in_the_next_version()
    {
        var noLogo = await Staff.Manager.GetAsync("/api/agency/logo");

        var saved = await DocumentsStaff.ReadAsync<AgencyView>(
            await Staff.Admin.PutAsync("/api/agency/logo", Files.Form("file", Files.Png, "logo.png")), HttpStatusCode.OK);

        await DocumentsStaff.ProblemAsync(noLogo, HttpStatusCode.NotFound);
        Assert.Equal((2, "image/png", "ООО «Ясные часы»"), (saved.Version, saved.LogoContentType, saved.LegalName));
        var logo = await Staff.Manager.GetAsync("/api/agency/logo");
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Files.Png, await logo.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_SVG_logo_is_kept_as_uploaded_and_drawn_as_a_PNG_for_the_documents()
    {
        var svg = await File.ReadAllBytesAsync(Path.Combine("Data", "uploads", "logo.svg"));

        var saved = await DocumentsStaff.ReadAsync<AgencyView>(
            await Staff.Admin.PutAsync("/api/agency/logo", Files.Form("file", svg, "logo.svg")), HttpStatusCode.OK);

        Assert.Equal((2, "image/svg+xml"), (saved.Version, saved.LogoContentType));
        Assert.Equal(svg, await (await Staff.Manager.GetAsync("/api/agency/logo")).Content.ReadAsByteArrayAsync());
        await using var db = App.NewDbContext();
        var png = db.AgencyProfiles.Single(p => p.Version == 2).LogoPng!;
        Assert.Equal(Files.Png[..8], png[..8]);
    }

    [Fact]
    public async Task A_logo_that_is_a_script_or_a_program_is_a_400_and_saves_nothing()
    {
        var script = await Staff.Admin.PutAsync("/api/agency/logo",
            Files.Form("file", await File.ReadAllBytesAsync(Path.Combine("Data", "uploads", "script.svg")), "logo.svg"));
        var program = await Staff.Admin.PutAsync("/api/agency/logo", Files.Form("file", Files.Executable, "logo.png"));

        Assert.Equal(["file"], await DocumentsStaff.FieldErrorsAsync(script));
        Assert.Equal(["file"], await DocumentsStaff.FieldErrorsAsync(program));
        Assert.Equal(1, (await DocumentsStaff.ReadAsync<AgencyView>(await Staff.Admin.GetAsync("/api/agency"), HttpStatusCode.OK)).Version);
    }
}
