using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Clearhours.Documents.Rendering;

/// <summary>
/// The documents' only typeface, DejaVu Sans, served from the service's own resources so that a document never depends
/// on the fonts of the machine that draws it. Every family a document asks for resolves to it.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    // PDFsharp's subsetting has been seen to draw «Ё» as two bare dots; the whole font file costs size, not correctness.
    private static readonly XPdfFontOptions Embedded = new(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile);

    static DocumentFonts()
    {
        // PDFsharp takes one resolver per process, set before any font is made; a static constructor runs exactly once.
        GlobalFontSettings.FontResolver = new DocumentFonts();
    }

    private DocumentFonts()
    {
    }

    public static XFont Font(double size, bool bold = false) =>
        new(Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Embedded);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Clearhours.Documents.Rendering.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not among the service's resources.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
