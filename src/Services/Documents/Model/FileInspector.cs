using System.Text;
using UglyToad.PdfPig;

namespace Clearhours.Documents.Model;

/// <summary>What a file really is, judged by its content, or why it is refused.</summary>
public sealed record InspectedFile(string? ContentType, string? Refusal)
{
    public bool Accepted => Refusal is null;
}

/// <summary>
/// Judges uploads by their content (magic bytes and a parse), never by their name: staff attachments may be PDF, PNG
/// or JPEG; a logo may be PNG or a script-free SVG.
/// </summary>
public static class FileInspector
{
    public const long MaxAttachmentBytes = 20 * 1024 * 1024;

    public const long MaxLogoBytes = 2 * 1024 * 1024;

    public const int MaxLogoPixels = 2000;

    /// <summary>Checks a staff upload (a signed scan or another attachment).</summary>
    public static InspectedFile Attachment(byte[] content)
    {
        if (content.Length == 0)
        {
            return Refuse("The file is empty.");
        }

        if (content.Length > MaxAttachmentBytes)
        {
            return Refuse("The file is larger than 20 MiB; attach a smaller scan.");
        }

        if (content.AsSpan().StartsWith("%PDF-"u8))
        {
            return PdfRefusal(content) is { } refusal ? Refuse(refusal) : new InspectedFile("application/pdf", null);
        }

        if (Png.HasSignature(content))
        {
            return Png.Size(content) is null ? Refuse("The PNG image is damaged or cut short.") : new InspectedFile("image/png", null);
        }

        if (Jpeg.HasSignature(content))
        {
            return Jpeg.Size(content) is null ? Refuse("The JPEG image is damaged or cut short.") : new InspectedFile("image/jpeg", null);
        }

        return SvgLogo.LooksLikeSvg(content)
            ? Refuse("An SVG is a drawing that can carry scripts, not a scan: attach the document as PDF, PNG or JPEG.")
            : Refuse("Only PDF, PNG and JPEG files can be attached, and this file is none of them.");
    }

    /// <summary>Checks a logo and returns it as a PNG for the PDFs (an SVG is rasterized); null with the refusal otherwise.</summary>
    public static (InspectedFile File, byte[]? Png) Logo(byte[] content)
    {
        if (content.Length == 0)
        {
            return (Refuse("The file is empty: upload the logo as PNG or SVG."), null);
        }

        if (content.Length > MaxLogoBytes)
        {
            return (Refuse("The logo is larger than 2 MiB; upload a smaller one."), null);
        }

        if (Png.HasSignature(content))
        {
            return Png.Size(content) switch
            {
                null => (Refuse("The PNG image is damaged or cut short."), null),
                ( > MaxLogoPixels, _) or (_, > MaxLogoPixels) =>
                    (Refuse($"The logo is larger than {MaxLogoPixels}×{MaxLogoPixels} pixels; scale it down."), null),
                _ => (new InspectedFile("image/png", null), content),
            };
        }

        if (!SvgLogo.LooksLikeSvg(content))
        {
            return (Refuse("A logo must be a PNG or an SVG image."), null);
        }

        if (SvgLogo.Refusal(content) is { } svgRefusal)
        {
            return (Refuse(svgRefusal), null);
        }

        return Rasterized(content) is { } png
            ? (new InspectedFile("image/svg+xml", null), png)
            : (Refuse("The SVG draws nothing that could be printed (it has no size); upload the logo as PNG."), null);
    }

    private static InspectedFile Refuse(string reason) => new(null, reason);

    private static string? PdfRefusal(byte[] content)
    {
        // A complete PDF ends with %%EOF (give or take trailing whitespace); a cut-off upload does not.
        var tail = Encoding.ASCII.GetString(content, Math.Max(0, content.Length - 1024), Math.Min(content.Length, 1024));
        if (!tail.Contains("%%EOF", StringComparison.Ordinal))
        {
            return "The PDF is damaged or cut short: it does not end as a PDF does.";
        }

        try
        {
            using var document = PdfDocument.Open(content);
            return document.NumberOfPages > 0 && document.GetPage(1) is not null ? null : "The PDF has no pages.";
        }
        catch (Exception)
        {
            // PdfPig throws several exception types for malformed or encrypted files; all of them mean the same to the user.
            return "The PDF could not be read: it is damaged or protected with a password.";
        }
    }

    private static byte[]? Rasterized(byte[] svg)
    {
        try
        {
            return SvgLogo.Rasterize(svg);
        }
        catch (Exception)
        {
            // The SVG passed the checks but the renderer could not draw it; an upload must not become a 500.
            return null;
        }
    }
}
