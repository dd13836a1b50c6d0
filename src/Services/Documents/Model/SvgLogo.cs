using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using SkiaSharp;
using Svg.Skia;

namespace Clearhours.Documents.Model;

/// <summary>
/// An SVG logo, accepted only without anything that runs or reaches out (scripts, event handlers, foreign HTML,
/// external links and stylesheets), and drawn to a PNG the PDFs can embed.
/// </summary>
internal static partial class SvgLogo
{
    /// <summary>The widest (and tallest) PNG an SVG logo is drawn to; a vector logo needs no more for a letterhead.</summary>
    public const int MaxPixels = 600;

    // No DTD: no entity expansion ("billion laughs") and no external entities; no resolver: nothing is fetched.
    private static readonly XmlReaderSettings Safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Whether the content reads as markup that opens an &lt;svg&gt; element, judged by its start.</summary>
    public static bool LooksLikeSvg(ReadOnlySpan<byte> content)
    {
        var start = Encoding.UTF8.GetString(content[..Math.Min(content.Length, 4096)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('<') && start.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Why the SVG may not be a logo, or null when it is plain drawing.</summary>
    public static string? Refusal(byte[] content)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), Safe);
            var root = true;
            var inStyle = false;
            while (reader.Read())
            {
                string? refusal = null;
                if (reader.NodeType == XmlNodeType.Element)
                {
                    inStyle = Is(reader, "style") && !reader.IsEmptyElement;
                    refusal = ElementRefusal(reader, root);
                    root = false;
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    inStyle = false;
                }
                else if (inStyle && reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && ReachesOut(reader.Value))
                {
                    refusal = "The logo's styles load other files (url() or @import); upload the logo without them or as PNG.";
                }

                if (refusal is not null)
                {
                    return refusal;
                }
            }

            return root ? "The file is empty: upload the logo as PNG or SVG." : null;
        }
        catch (XmlException)
        {
            return "The logo is not a well-formed SVG (or it declares a DTD, which a logo may not); upload it as PNG.";
        }
    }

    /// <summary>The SVG drawn to a PNG of at most <see cref="MaxPixels"/> a side, keeping its aspect; null when it draws nothing.</summary>
    public static byte[]? Rasterize(byte[] content)
    {
        using var reader = XmlReader.Create(new MemoryStream(content), Safe);
        using var svg = new SKSvg();
        svg.Settings.EnableJavaScript = false; // the default, stated: the checks above are not the only guard
        if (svg.Load(reader) is not { CullRect: { Width: > 0, Height: > 0 } bounds } picture)
        {
            return null;
        }

        var scale = Math.Min(MaxPixels / bounds.Width, MaxPixels / bounds.Height);
        var width = Math.Max(1, (int)Math.Round(bounds.Width * scale));
        var height = Math.Max(1, (int)Math.Round(bounds.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.Scale(scale);
        surface.Canvas.Translate(-bounds.Left, -bounds.Top);
        surface.Canvas.DrawPicture(picture);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static string? ElementRefusal(XmlReader reader, bool root)
    {
        if (root && !Is(reader, "svg"))
        {
            return "The file is not an SVG image: upload the logo as PNG or SVG.";
        }

        if (Is(reader, "script") || Is(reader, "foreignObject"))
        {
            return $"The logo carries a <{reader.LocalName}> element, which can run code; upload it without one or as PNG.";
        }

        // The renderer has no fonts of its own (and must not depend on the machine's), so text would silently vanish.
        if (Is(reader, "text"))
        {
            return "The logo has text that is not converted to outlines; convert the text to paths or upload the logo as PNG.";
        }

        while (reader.MoveToNextAttribute())
        {
            if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                return $"The logo has an event handler ({reader.LocalName}), which can run code; upload it without one or as PNG.";
            }

            if (Is(reader, "href") && !IsInternal(reader.Value))
            {
                return "The logo links to another file or address; only links inside the SVG and embedded images are allowed.";
            }

            if (ExternalUrl().IsMatch(reader.Value))
            {
                return "The logo refers to another file with url(); only references inside the SVG are allowed.";
            }
        }

        reader.MoveToElement();
        return null;
    }

    private static bool Is(XmlReader reader, string localName) =>
        string.Equals(reader.LocalName, localName, StringComparison.OrdinalIgnoreCase);

    // An embedded SVG would be drawn without passing these checks, so data: images are raster ones only.
    private static bool IsInternal(string href)
    {
        var value = href.Trim();
        return value.StartsWith('#')
            || (value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
                && !value.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase));
    }

    private static bool ReachesOut(string css) =>
        css.Contains("url(", StringComparison.OrdinalIgnoreCase) || css.Contains("@import", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("""url\((?!\s*['"]?\s*#)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
