using Clearhours.Documents.Rendering;

namespace Clearhours.Documents.Tests.Rendering;

public sealed class LogoTests
{
    // Small checkered 60×20 PNGs of every colour type a logo upload may bring.
    public static TheoryData<string, string> Logos => new()
    {
        { "Rgb", "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAIAAABeYcl+AAAAPElEQVR42mM4ISeHhv5jgMGmhmHU0aOOHm6OHvxOxFQz6uhRRw87R48WeaOOHnX0aI04Wk6POnrU0UAEANJGYuC9yF8sAAAAAElFTkSuQmCC" },
        { "Palette", "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAMAAADm3a4bAAAABlBMVEX///8UWsibBieOAAAAAXRSTlMAQObYZgAAACFJREFUeNpjYAQDBjAglc0wEjWPXJ+TqXk0qEZTGE01AwCavwJZnBwusAAAAABJRU5ErkJggg==" },
        { "Gray", "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAAAAAD0aAH1AAAAIklEQVR42mNQAIMPYEAqm2EkaiZPG4Q9IjWPprDRFEZTzQBoxX2fxWf3EgAAAABJRU5ErkJggg==" },
        { "Rgba16", "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUEAYAAACBk4JqAAAAXUlEQVR42u3YMQ0AIAxFwUpCEiYwjYlioQykITkWthv+CwsRscaemfX79vB7fQMJLIDAfIH5TYENyjeQwAYSmC8w/4FvUC9SAIH5AvMF5vvJ4nvxfIH5BhLYQB/4B8EUNAD8VJeQAAAAAElFTkSuQmCC" },
    };

    [Theory]
    [MemberData(nameof(Logos))]
    public void A_logo_of_any_PNG_colour_type_is_drawn_into_a_sound_invoice(string kind, string png)
    {
        var agency = Samples.Agency() with { LogoPng = Convert.FromBase64String(png) };

        var pdf = RenderedPdf.Of(DocumentPdfs.Invoice(agency, Samples.Invoice()), $"invoice-logo-{kind}");

        Assert.True(pdf.Qpdf().ExitCode == 0, pdf.Qpdf().Output);
        Assert.Equal(1, pdf.Images);
        pdf.Shows("ООО «Объёмные Решения»");
    }

    [Fact]
    public void Without_a_logo_the_letterhead_is_the_name_alone()
    {
        var pdf = RenderedPdf.Of(DocumentPdfs.Act(Samples.Agency() with { LogoPng = null }, Samples.Invoice()), "act-no-logo");

        Assert.Equal(0, pdf.Images);
        pdf.Shows("ООО «Объёмные Решения» Акт выполненных работ (оказанных услуг) № R-2026-0007");
    }
}
