using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using SkiaSharp;
using Svg.Skia;

namespace Clearhours.Documents.Model;

/// <summary>
/// An SVG logo, accepted only without anything that runs or reaches out (scripts, event handlers, foreign HTML,
/// external links and stylesheets) and within what the renderer can draw quickly, and drawn to a PNG the PDFs embed.
/// </summary>
internal static partial class SvgLogo
{
    /// <summary>The widest (and tallest) PNG an SVG logo is drawn to; a vector logo needs no more for a letterhead.</summary>
    public const int MaxPixels = 600;

    // The renderer recurses per nesting level (deep nesting overflows the stack and ends the process) and draws every
    // <use> copy in full (copies of copies multiply): real logos stay far below both limits.
    private const int MaxDepth = 64;
    private const int MaxDrawnElements = 20_000;

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
            var scan = new Scan();
            while (reader.Read())
            {
                var refusal = reader.NodeType switch
                {
                    XmlNodeType.Element => scan.Element(reader),
                    XmlNodeType.EndElement => scan.EndElement(),
                    XmlNodeType.Text or XmlNodeType.CDATA => scan.Text(reader.Value),
                    _ => null,
                };
                if (refusal is not null)
                {
                    return refusal;
                }
            }

            return scan.Finish();
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

    private static bool Is(XmlReader reader, string localName) =>
        string.Equals(reader.LocalName, localName, StringComparison.OrdinalIgnoreCase);

    // Only references inside the file, and embedded PNG or JPEG images as large as a PNG logo may be: an embedded SVG
    // would be drawn without passing these checks, and a small file can declare a picture too big to decode.
    private static string? HrefRefusal(string href)
    {
        var value = href.Trim();
        if (value.StartsWith('#'))
        {
            return null;
        }

        if (EmbeddedImage(value) is not { } image)
        {
            return "The logo links to another file or address; only links inside the SVG and embedded PNG or JPEG images are allowed.";
        }

        return (Png.Size(image) ?? Jpeg.Size(image)) is { Width: <= FileInspector.MaxLogoPixels, Height: <= FileInspector.MaxLogoPixels }
            ? null
            : $"The logo embeds an image that is damaged or larger than {FileInspector.MaxLogoPixels}×{FileInspector.MaxLogoPixels} pixels; upload it as PNG.";
    }

    private static byte[]? EmbeddedImage(string href)
    {
        foreach (var prefix in (string[])["data:image/png;base64,", "data:image/jpeg;base64,"])
        {
            if (href.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Convert.FromBase64String(href[prefix.Length..]);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("""url\((?!\s*['"]?\s*#)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    /// <summary>One pass over the SVG's nodes, remembering what the limits need: open elements, ids and &lt;use&gt; targets.</summary>
    private sealed class Scan
    {
        private readonly Stack<(string? Id, int Start, bool Style)> open = new();
        private readonly Dictionary<string, int> elementsById = [];
        private readonly HashSet<string> idsHoldingUse = [];
        private readonly List<string> useTargets = [];
        private int elements;

        public string? Element(XmlReader reader)
        {
            if (elements == 0 && !Is(reader, "svg"))
            {
                return "The file is not an SVG image: upload the logo as PNG or SVG.";
            }

            if (reader.Depth >= MaxDepth)
            {
                return $"The logo nests its shapes more than {MaxDepth} levels deep; flatten it or upload it as PNG.";
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

            elements++;
            var id = reader.GetAttribute("id");
            var isUse = Is(reader, "use");
            if (isUse)
            {
                foreach (var holder in open.Select(e => e.Id).Append(id).OfType<string>())
                {
                    idsHoldingUse.Add(holder);
                }
            }

            var isStyle = Is(reader, "style");
            var isEmpty = reader.IsEmptyElement;
            while (reader.MoveToNextAttribute())
            {
                if (AttributeRefusal(reader) is { } refusal)
                {
                    return refusal;
                }

                if (isUse && Is(reader, "href") && reader.Value.StartsWith('#'))
                {
                    useTargets.Add(reader.Value[1..]);
                }
            }

            if (isEmpty)
            {
                Count(id, elements);
            }
            else
            {
                open.Push((id, elements, isStyle));
            }

            return null;
        }

        public string? EndElement()
        {
            var (id, start, _) = open.Pop();
            Count(id, start);
            return null;
        }

        public string? Text(string text) =>
            open.TryPeek(out var element) && element.Style
                && (text.Contains("url(", StringComparison.OrdinalIgnoreCase) || text.Contains("@import", StringComparison.OrdinalIgnoreCase))
                ? "The logo's styles load other files (url() or @import); upload the logo without them or as PNG."
                : null;

        public string? Finish()
        {
            if (useTargets.Any(idsHoldingUse.Contains))
            {
                return "The logo repeats parts that repeat other parts (<use> of a <use>); flatten it or upload it as PNG.";
            }

            var drawn = elements + useTargets.Sum(target => elementsById.GetValueOrDefault(target));
            return drawn > MaxDrawnElements
                ? $"The logo has more than {MaxDrawnElements} shapes to draw; simplify it or upload it as PNG."
                : null;
        }

        private static string? AttributeRefusal(XmlReader attribute)
        {
            if (attribute.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                return $"The logo has an event handler ({attribute.LocalName}), which can run code; upload it without one or as PNG.";
            }

            if (Is(attribute, "href") && HrefRefusal(attribute.Value) is { } refusal)
            {
                return refusal;
            }

            return ExternalUrl().IsMatch(attribute.Value)
                ? "The logo refers to another file with url(); only references inside the SVG are allowed."
                : null;
        }

        // An element's size is itself and everything inside it: what one <use> of it costs to draw.
        private void Count(string? id, int start)
        {
            if (id is not null)
            {
                elementsById[id] = elements - start + 1;
            }
        }
    }
}
