using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Clearhours.Documents.Rendering;

/// <summary>A line of a side-by-side block, such as a signature block.</summary>
internal sealed record BlockLine(string Text, bool Bold = false);

/// <summary>
/// Lays a document out top to bottom on A4 pages: text wraps within its width, a table row that does not fit starts a
/// new page under a repeated header, and every page gets its number once the page count is known.
/// </summary>
internal sealed partial class PdfComposer : IDisposable
{
    private const double Margin = 42;
    private const double FooterHeight = 22;
    private const double Padding = 3;
    private const double FieldLabelWidth = 165;

    // Saved uncompressed, a document is the two whole font files (1.4 MB) and its pages: one buffer, not a run of doublings.
    private const int DrawnSize = 2 * 1024 * 1024;

    private readonly DocumentWording _wording;
    private readonly PdfDocument _document = new();
    private readonly List<XImage> _images = [];
    private readonly XSolidBrush _ink = new(XColor.FromArgb(0x1d, 0x1d, 0x1f));
    private readonly XSolidBrush _muted = new(XColor.FromArgb(0x6e, 0x6e, 0x73));
    private readonly XSolidBrush _link = new(XColor.FromArgb(0x1a, 0x55, 0xb0));
    private readonly XSolidBrush _headerFill = new(XColor.FromArgb(0xec, 0xef, 0xf3));
    private readonly XSolidBrush _mutedFill = new(XColor.FromArgb(0xf5, 0xf5, 0xf5));
    private readonly XPen _grid = new(XColor.FromArgb(0xb8, 0xbc, 0xc2), 0.5);
    private readonly XColor _accent;
    private PdfPage _page;
    private XGraphics _gfx;
    private double _y;

    public PdfComposer(DocumentWording wording, string title, Letterhead agency)
    {
        _wording = wording;
        _accent = ParseColor(agency.AccentColor);
        _document.Info.Title = title;
        _document.Info.Author = agency.LegalName;
        PdfStreams.Uncompressed(_document);
        (_page, _gfx) = AddPage();
    }

    public XFont Body { get; } = DocumentFonts.Font(9);

    public XFont Bold { get; } = DocumentFonts.Font(9, bold: true);

    public XFont Small { get; } = DocumentFonts.Font(7.5);

    public XFont SmallBold { get; } = DocumentFonts.Font(7.5, bold: true);

    private XFont TitleFont { get; } = DocumentFonts.Font(14, bold: true);

    private XFont HeadingFont { get; } = DocumentFonts.Font(10.5, bold: true);

    private double Width => _page.Width.Point - 2 * Margin;

    private double Bottom => _page.Height.Point - Margin - FooterHeight;

    /// <summary>The agency's logo and name in its accent colour, over a rule of the same colour.</summary>
    public void Letterhead(Letterhead agency)
    {
        const double bandHeight = 40;
        var x = Margin;
        if (agency.LogoPng is { Length: > 0 } png)
        {
            var image = XImage.FromStream(new MemoryStream(PdfStreams.EightBitPng(png), writable: false));
            _images.Add(image);
            var width = Math.Min(bandHeight * image.PixelWidth / image.PixelHeight, 140);
            var height = width * image.PixelHeight / image.PixelWidth;
            _gfx.DrawImage(image, x, _y + (bandHeight - height) / 2, width, height);
            x += width + 12;
        }

        var nameFont = DocumentFonts.Font(13, bold: true);
        var lines = Wrap(agency.LegalName, nameFont, Margin + Width - x);
        var lineHeight = nameFont.GetHeight();
        var top = _y + Math.Max(0, (bandHeight - lines.Count * lineHeight) / 2);
        var accent = new XSolidBrush(_accent);
        foreach (var line in lines)
        {
            _gfx.DrawString(line, nameFont, accent, new XRect(x, top, Margin + Width - x, lineHeight), XStringFormats.TopLeft);
            top += lineHeight;
        }

        _y = Math.Max(_y + bandHeight, top) + 6;
        _gfx.DrawLine(new XPen(_accent, 1.5), Margin, _y, Margin + Width, _y);
        _y += 14;
    }

    public void Title(string text, string? subtitle = null)
    {
        Paragraph(text, TitleFont, centered: true);
        if (subtitle is not null)
        {
            Paragraph(subtitle, Body, centered: true);
        }

        Space(10);
    }

    public void Heading(string text)
    {
        EnsureSpace(HeadingFont.GetHeight() * 3);
        Space(6);
        Paragraph(text, HeadingFont);
        Space(3);
    }

    public void Space(double points) => _y = Math.Min(_y + points, Bottom);

    public void Paragraph(string text, XFont? font = null, bool centered = false, bool right = false)
    {
        font ??= Body;
        var lineHeight = font.GetHeight();
        var format = centered ? XStringFormats.TopCenter : right ? XStringFormats.TopRight : XStringFormats.TopLeft;
        foreach (var line in Wrap(text, font, Width))
        {
            EnsureSpace(lineHeight);
            _gfx.DrawString(line, font, _ink, new XRect(Margin, _y, Width, lineHeight), format);
            _y += lineHeight;
        }
    }

    /// <summary>A bold label with its value beside it, the value wrapping in its own column.</summary>
    public void Field(string label, string value, bool strong = false, XFont? font = null)
    {
        font ??= strong ? Bold : Body;
        var labels = Wrap(label + ":", Bold, FieldLabelWidth - 8);
        var values = Wrap(value, font, Width - FieldLabelWidth);
        var lineHeight = Body.GetHeight();
        EnsureSpace(lineHeight * Math.Max(labels.Count, values.Count));
        var top = _y;
        DrawLines(labels, Bold, _muted, Margin, top, FieldLabelWidth - 8, XStringFormats.TopLeft);
        DrawLines(values, font, _ink, Margin + FieldLabelWidth, top + (Body.GetHeight() - font.GetHeight()), Width - FieldLabelWidth, XStringFormats.TopLeft);
        // A block of several lines (a party's requisites) needs air before the next label to read as its own.
        _y = top + lineHeight * Math.Max(labels.Count, values.Count) + (values.Count > 1 ? 6 : 2);
    }

    /// <summary>Two blocks side by side, kept on one page: the parties, or the signatures.</summary>
    public void SideBySide(IReadOnlyList<BlockLine> left, IReadOnlyList<BlockLine> right)
    {
        const double gap = 24;
        var half = (Width - gap) / 2;
        var leftHeight = BlockHeight(left, half);
        var rightHeight = BlockHeight(right, half);
        EnsureSpace(Math.Max(leftHeight, rightHeight));
        DrawBlock(left, Margin, half);
        DrawBlock(right, Margin + half + gap, half);
        _y += Math.Max(leftHeight, rightHeight);
    }

    public byte[] Finish(string footer)
    {
        _gfx.Dispose();
        var count = _document.PageCount;
        for (var index = 0; index < count; index++)
        {
            var page = _document.Pages[index];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var top = page.Height.Point - Margin - FooterHeight + 8;
            var box = new XRect(Margin, top + 4, page.Width.Point - 2 * Margin, Small.GetHeight());
            gfx.DrawLine(_grid, Margin, top, page.Width.Point - Margin, top);
            gfx.DrawString(footer, Small, _muted, box, XStringFormats.TopLeft);
            gfx.DrawString(_wording.Format(_wording.Page, index + 1, count), Small, _muted, box, XStringFormats.TopRight);
        }

        using var drawn = new MemoryStream(capacity: DrawnSize);
        _document.Save(drawn, false);
        return PdfStreams.Deflated(drawn);
    }

    public void Dispose()
    {
        _gfx.Dispose();
        foreach (var image in _images)
        {
            image.Dispose();
        }

        _document.Dispose();
    }

    private static XColor ParseColor(string hex) =>
        hex is ['#', .. var digits] && digits.Length == 6 && int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)
            ? XColor.FromArgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)
            : XColor.FromArgb(0x1f, 0x4e, 0x79);

    private (PdfPage, XGraphics) AddPage()
    {
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _y = Margin;
        return (page, XGraphics.FromPdfPage(page));
    }

    private void NewPage()
    {
        _gfx.Dispose();
        (_page, _gfx) = AddPage();
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private double DrawLines(IReadOnlyList<string> lines, XFont font, XBrush brush, double x, double top, double width, XStringFormat format)
    {
        var lineHeight = font.GetHeight();
        foreach (var line in lines)
        {
            _gfx.DrawString(line, font, brush, new XRect(x, top, width, lineHeight), format);
            top += lineHeight;
        }

        return top;
    }

    private double BlockHeight(IReadOnlyList<BlockLine> block, double width) =>
        block.Sum(line => Wrap(line.Text, line.Bold ? Bold : Body, width).Count * Body.GetHeight());

    private void DrawBlock(IReadOnlyList<BlockLine> block, double x, double width)
    {
        var top = _y;
        foreach (var line in block)
        {
            var font = line.Bold ? Bold : Body;
            top = DrawLines(Wrap(line.Text, font, width), font, _ink, x, top, width, XStringFormats.TopLeft);
        }
    }

    /// <summary>Breaks text into lines that fit the width: at spaces, and inside a word only when the word alone is wider.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Fits(candidate, font, width))
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (line.Length > 1 && !Fits(line, font, width))
                {
                    var length = 1;
                    while (length < line.Length - 1 && Fits(line[..(length + 1)], font, width))
                    {
                        length++;
                    }

                    lines.Add(line[..length]);
                    line = line[length..];
                }
            }

            lines.Add(line);
        }

        return lines;
    }

    private bool Fits(string text, XFont font, double width) => _gfx.MeasureString(text, font).Width <= width;
}
