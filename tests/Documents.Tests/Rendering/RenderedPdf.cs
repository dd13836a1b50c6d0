using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Geometry;

namespace Clearhours.Documents.Tests.Rendering;

/// <summary>
/// A generated PDF written into the test output (TestResults/documents beside the test assembly) and read back:
/// its text per page, its links, and what qpdf, pdffonts and pdftoppm (Debian's qpdf and poppler-utils) make of it.
/// </summary>
internal sealed class RenderedPdf
{
    public static readonly string Folder = System.IO.Path.Combine(AppContext.BaseDirectory, "TestResults", "documents");

    private RenderedPdf(string path, IReadOnlyList<string> pages, IReadOnlyList<PageLink> links, int images)
    {
        Path = path;
        Pages = pages;
        Links = links;
        Images = images;
    }

    public string Path { get; }

    /// <summary>Each page's text in drawing order, with every kind of space (the group separator is U+00A0) as a plain one.</summary>
    public IReadOnlyList<string> Pages { get; }

    public IReadOnlyList<PageLink> Links { get; }

    /// <summary>How many images the pages draw (the logo is one).</summary>
    public int Images { get; }

    public string Text => string.Join('\n', Pages);

    public static RenderedPdf Of(byte[] pdf, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = System.IO.Path.Combine(Folder, name + ".pdf");
        File.WriteAllBytes(path, pdf);
        using var document = PdfDocument.Open(pdf);
        var pages = new List<string>();
        var links = new List<PageLink>();
        var images = 0;
        foreach (var page in document.GetPages())
        {
            pages.Add(Plain(page.Text));
            images += page.GetImages().Count();
            foreach (var annotation in page.GetAnnotations().Where(annotation => annotation.Type == AnnotationType.Link))
            {
                var covered = page.Letters.Where(letter =>
                    annotation.Rectangle.Contains(letter.BoundingBox.Centroid, includeBorder: true));
                links.Add(new PageLink(
                    page.Number,
                    (annotation.Action as UriAction)?.Uri,
                    Plain(string.Concat(covered.Select(letter => letter.Value)))));
            }
        }

        return new RenderedPdf(path, pages, links, images);
    }

    /// <summary>Spaces collapsed: a wrapped cell's lines run on in the text, so assertions compare without them.</summary>
    public static string Squashed(string text) => string.Concat(text.Where(character => !char.IsWhiteSpace(character)));

    public bool Contains(string text) => Squashed(Text).Contains(Squashed(text), StringComparison.Ordinal);

    public (int ExitCode, string Output) Qpdf() => Run("qpdf", "--check", Path);

    /// <summary>qpdf rewriting the file with every stream decoded: --check alone decodes the pages' streams only.</summary>
    public (int ExitCode, string Output) QpdfDecodingAll() =>
        Run("qpdf", "--decode-level=all", "--qdf", Path, System.IO.Path.ChangeExtension(Path, ".qdf"));

    public (int ExitCode, string Output) Fonts() => Run("pdffonts", Path);

    /// <summary>The uncompressed length (/Length1) of each embedded TrueType font file; the documents' streams are not compressed.</summary>
    public IEnumerable<long> EmbeddedFontFileSizes() =>
        Regex.Matches(File.ReadAllText(Path, Encoding.Latin1), @"/Length1 (\d+)").Select(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>Draws one page at 80 dpi next to the PDF, for a person to look at; returns the PNG's path.</summary>
    public string Png(int page)
    {
        var prefix = System.IO.Path.ChangeExtension(Path, null) + $"-page{page}";
        var (exitCode, output) = Run("pdftoppm", "-png", "-r", "80", "-f", $"{page}", "-l", $"{page}", "-singlefile", Path, prefix);
        Assert.True(exitCode == 0, output);
        return prefix + ".png";
    }

    private static string Plain(string text) =>
        string.Concat(text.Select(character => char.IsWhiteSpace(character) ? ' ' : character));

    private static (int ExitCode, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors.Result);
    }
}

/// <summary>A link annotation: its page, the URI it opens, and the text under it.</summary>
internal sealed record PageLink(int Page, string? Uri, string Text);
