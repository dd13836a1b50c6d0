using Clearhours.Documents.Rendering;

namespace Clearhours.Documents.Tests.Rendering;

internal static class Checks
{
    /// <summary>The text is in the document; a label and its value, or a wrapped cell, read on without the spaces between.</summary>
    public static void Shows(this RenderedPdf pdf, string text) =>
        Assert.True(pdf.Contains(text), $"«{text}» is not in {pdf.Path}:\n{pdf.Text}");

    /// <summary>qpdf finds the file and every stream in it sound, and both fonts are embedded whole (DejaVu Sans and its bold, as shipped).</summary>
    public static void QpdfAndFonts(RenderedPdf pdf)
    {
        var (qpdfExit, qpdfOutput) = pdf.Qpdf();
        Assert.True(qpdfExit == 0, $"qpdf --check {pdf.Path} exited {qpdfExit}:\n{qpdfOutput}");
        var (decodeExit, decodeOutput) = pdf.QpdfDecodingAll();
        Assert.True(decodeExit == 0, $"qpdf --decode-level=all {pdf.Path} exited {decodeExit}:\n{decodeOutput}");

        var (fontsExit, fontsOutput) = pdf.Fonts();
        Assert.True(fontsExit == 0, fontsOutput);
        // pdffonts prints two heading lines, then a line per font ending in emb, sub, uni (yes/no) and the object id.
        // Its "sub" only reads the name's tag, which PDFsharp writes even for a whole font: the file lengths tell.
        var fonts = fontsOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.Equal(2, fonts.Count);
        Assert.All(fonts, font =>
        {
            Assert.Contains("DejaVu Sans", font);
            Assert.Equal("yes", font.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5]);
        });
        Assert.Equal(ShippedFontSizes(), pdf.EmbeddedFontFileSizes().Order());
    }

    private static IEnumerable<long> ShippedFontSizes()
    {
        var service = typeof(DocumentPdfs).Assembly;
        return service.GetManifestResourceNames()
            .Where(name => name.EndsWith(".ttf", StringComparison.Ordinal))
            .Select(name =>
            {
                using var font = service.GetManifestResourceStream(name)!;
                return font.Length;
            })
            .Order();
    }
}
