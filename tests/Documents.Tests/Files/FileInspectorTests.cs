using System.Text;
using Clearhours.Documents.Model;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using SkiaSharp;

namespace Clearhours.Documents.Tests.Files;

public sealed class FileInspectorTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void A_real_pdf_is_accepted_as_a_pdf()
    {
        var file = FileInspector.Attachment(Pdf());

        Assert.True(file.Accepted, file.Refusal);
        Assert.Equal("application/pdf", file.ContentType);
    }

    [Fact]
    public void A_png_is_accepted_as_a_png()
    {
        var file = FileInspector.Attachment(Image(SKEncodedImageFormat.Png, 40, 30));

        Assert.True(file.Accepted, file.Refusal);
        Assert.Equal("image/png", file.ContentType);
    }

    [Fact]
    public void A_jpeg_is_accepted_as_a_jpeg()
    {
        var file = FileInspector.Attachment(Image(SKEncodedImageFormat.Jpeg, 40, 30));

        Assert.True(file.Accepted, file.Refusal);
        Assert.Equal("image/jpeg", file.ContentType);
    }

    [Fact]
    public void An_empty_file_is_refused_as_empty() =>
        AssertRefused(FileInspector.Attachment([]), "The file is empty.");

    [Fact]
    public void A_program_renamed_to_pdf_is_refused_as_an_unknown_type()
    {
        byte[] program = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[502]];

        AssertRefused(FileInspector.Attachment(program), "Only PDF, PNG and JPEG files can be attached");
    }

    [Fact]
    public void The_first_half_of_a_pdf_is_refused_as_cut_short()
    {
        var pdf = Pdf();

        AssertRefused(FileInspector.Attachment(pdf[..(pdf.Length / 2)]), "The PDF is damaged or cut short");
    }

    [Fact]
    public void A_file_that_only_looks_like_a_pdf_at_its_ends_is_refused_as_unreadable() =>
        AssertRefused(FileInspector.Attachment("%PDF-1.7\nthis is not a document\n%%EOF\n"u8.ToArray()), "The PDF could not be read");

    [Fact]
    public void A_png_cut_short_is_refused_as_damaged()
    {
        var png = Image(SKEncodedImageFormat.Png, 40, 30);

        AssertRefused(FileInspector.Attachment(png[..(png.Length - 12)]), "The PNG image is damaged or cut short.");
        AssertRefused(FileInspector.Attachment(png[..20]), "The PNG image is damaged or cut short.");
    }

    [Fact]
    public void A_jpeg_with_a_phones_trailer_after_its_end_marker_is_accepted()
    {
        byte[] jpeg = [.. Image(SKEncodedImageFormat.Jpeg, 40, 30), .. "MotionPhoto_Data"u8, .. new byte[4096]];

        Assert.Equal("image/jpeg", FileInspector.Attachment(jpeg).ContentType);
    }

    [Fact]
    public void A_jpeg_cut_short_is_refused_as_damaged()
    {
        var jpeg = Image(SKEncodedImageFormat.Jpeg, 40, 30);

        AssertRefused(FileInspector.Attachment(jpeg[..(jpeg.Length / 2)]), "The JPEG image is damaged or cut short.");
    }

    [Fact]
    public void A_jpeg_without_a_frame_header_is_refused_as_damaged()
    {
        // Start and end markers around nothing: no SOF segment gives the picture a size.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];

        AssertRefused(FileInspector.Attachment(jpeg), "The JPEG image is damaged or cut short.");
    }

    [Fact]
    public void An_svg_is_refused_as_an_attachment_even_without_a_script() =>
        AssertRefused(FileInspector.Attachment(Upload("logo.svg")), "An SVG is a drawing that can carry scripts, not a scan");

    [Fact]
    public void A_file_of_21_MiB_is_refused_for_its_size()
    {
        var pdf = Pdf();
        var large = new byte[21 * 1024 * 1024];
        pdf.CopyTo(large, 0);

        Assert.True(large.Length > FileInspector.MaxAttachmentBytes);
        AssertRefused(FileInspector.Attachment(large), "The file is larger than 20 MiB");
    }

    [Fact]
    public void A_png_logo_is_kept_as_it_is()
    {
        var png = Image(SKEncodedImageFormat.Png, 300, 120);

        var (file, logo) = FileInspector.Logo(png);

        Assert.True(file.Accepted, file.Refusal);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, logo);
    }

    [Fact]
    public void A_png_logo_wider_than_2000_pixels_is_refused()
    {
        var (file, logo) = FileInspector.Logo(Image(SKEncodedImageFormat.Png, 2001, 10));

        AssertRefused(file, "The logo is larger than 2000×2000 pixels");
        Assert.Null(logo);
    }

    [Fact]
    public void A_logo_over_2_MiB_is_refused_for_its_size()
    {
        var large = new byte[FileInspector.MaxLogoBytes + 1];
        Image(SKEncodedImageFormat.Png, 10, 10).CopyTo(large, 0);

        var (file, logo) = FileInspector.Logo(large);

        AssertRefused(file, "The logo is larger than 2 MiB");
        Assert.Null(logo);
    }

    [Fact]
    public void A_jpeg_logo_is_refused_for_its_type()
    {
        var (file, logo) = FileInspector.Logo(Image(SKEncodedImageFormat.Jpeg, 40, 30));

        AssertRefused(file, "A logo must be a PNG or an SVG image.");
        Assert.Null(logo);
    }

    [Fact]
    public void An_svg_logo_is_drawn_to_a_png_600_pixels_wide_keeping_its_aspect()
    {
        var (file, png) = FileInspector.Logo(Upload("logo.svg"));

        Assert.True(file.Accepted, file.Refusal);
        Assert.Equal("image/svg+xml", file.ContentType);
        Assert.NotNull(png);
        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
        // The gradient and the reused circle, both referenced inside the file, are drawn.
        Assert.Equal(new SKColor(0xFF, 0x00, 0x00), bitmap.GetPixel(150, 150));
        Assert.Equal(new SKColor(0x00, 0xAA, 0x55), bitmap.GetPixel(500, 150));
    }

    [Fact]
    public void A_tall_svg_logo_is_drawn_no_taller_than_600_pixels()
    {
        var (file, png) = FileInspector.Logo(Upload("tall.svg"));

        Assert.True(file.Accepted, file.Refusal);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((150, 600), (bitmap.Width, bitmap.Height));
        Assert.Equal(new SKColor(0x12, 0x34, 0x56), bitmap.GetPixel(75, 300));
    }

    [Theory]
    [InlineData("script.svg", "The logo carries a <script> element")]
    [InlineData("foreign-object.svg", "The logo carries a <foreignObject> element")]
    [InlineData("onload.svg", "The logo has an event handler (onload)")]
    [InlineData("external-href.svg", "The logo links to another file or address")]
    [InlineData("javascript-link.svg", "The logo links to another file or address")]
    [InlineData("nested-svg-image.svg", "The logo links to another file or address")]
    [InlineData("style-import.svg", "The logo's styles load other files")]
    [InlineData("style-url.svg", "The logo's styles load other files")]
    [InlineData("attribute-url.svg", "The logo refers to another file with url()")]
    [InlineData("entities.svg", "declares a DTD")]
    [InlineData("html-with-svg.svg", "The file is not an SVG image")]
    [InlineData("text.svg", "The logo has text that is not converted to outlines")]
    [InlineData("use-chain.svg", "<use> of a <use>")]
    [InlineData("use-cycle.svg", "<use> of a <use>")]
    public void An_svg_logo_that_can_run_code_reach_out_lose_its_text_or_multiply_its_work_is_refused_with_its_reason(string upload, string reason)
    {
        var (file, png) = FileInspector.Logo(Upload(upload));

        AssertRefused(file, reason);
        Assert.Null(png);
    }

    [Fact]
    public void An_svg_logo_with_an_embedded_png_is_drawn_with_it()
    {
        var dot = Convert.ToBase64String(Image(SKEncodedImageFormat.Png, 2, 2));
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="data:image/png;base64,{dot}" width="10" height="10"/></svg>""";

        var (file, png) = FileInspector.Logo(Encoding.UTF8.GetBytes(svg));

        Assert.True(file.Accepted, file.Refusal);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((600, 600), (bitmap.Width, bitmap.Height));
        Assert.Equal(SKColors.SteelBlue, bitmap.GetPixel(300, 300));
    }

    [Fact]
    public void An_svg_logo_embedding_an_image_larger_than_a_logo_may_be_is_refused()
    {
        var wide = Convert.ToBase64String(Image(SKEncodedImageFormat.Png, 3000, 1));
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="data:image/png;base64,{wide}" width="10" height="10"/></svg>""";

        var (file, png) = FileInspector.Logo(Encoding.UTF8.GetBytes(svg));

        AssertRefused(file, "The logo embeds an image that is damaged or larger than 2000×2000 pixels");
        Assert.Null(png);
    }

    [Fact]
    public void An_svg_logo_nested_deeper_than_the_renderer_can_follow_is_refused()
    {
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{string.Concat(Enumerable.Repeat("<g>", 5000))}<rect width="1" height="1"/>{string.Concat(Enumerable.Repeat("</g>", 5000))}</svg>""";

        var (file, png) = FileInspector.Logo(Encoding.UTF8.GetBytes(svg));

        AssertRefused(file, "The logo nests its shapes more than 64 levels deep");
        Assert.Null(png);
    }

    [Fact]
    public void An_svg_logo_with_more_shapes_to_draw_than_a_logo_needs_is_refused()
    {
        // 2 000 squares and ten copies of them through <use>: some 22 000 shapes to draw.
        var squares = string.Concat(Enumerable.Range(0, 2000).Select(i => $"""<rect x="{i % 100}" y="{i / 100}" width="1" height="1"/>"""));
        var copies = string.Concat(Enumerable.Repeat("""<use href="#squares"/>""", 10));
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><defs><g id="squares">{squares}</g></defs>{copies}</svg>""";

        var (file, png) = FileInspector.Logo(Encoding.UTF8.GetBytes(svg));

        AssertRefused(file, "The logo has more than 20000 shapes to draw");
        Assert.Null(png);
    }

    [Fact]
    public void An_empty_logo_is_refused_as_empty()
    {
        var (file, png) = FileInspector.Logo([]);

        AssertRefused(file, "The file is empty");
        Assert.Null(png);
    }

    private static void AssertRefused(InspectedFile file, string reason)
    {
        Assert.False(file.Accepted);
        Assert.Null(file.ContentType);
        Assert.Contains(reason, file.Refusal, StringComparison.Ordinal);
    }

    private static byte[] Upload(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "uploads", name));

    private static byte[] Pdf()
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            graphics.DrawRectangle(XBrushes.SteelBlue, 50, 50, 200, 100);
        }

        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private static byte[] Image(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.SteelBlue);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
