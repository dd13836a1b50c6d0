using System.Collections.Concurrent;
using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace Clearhours.Documents.Rendering;

/// <summary>What PDFsharp 6.2 needs around it: images it can read, and streams every PDF reader checks clean.</summary>
internal static class PdfStreams
{
    // Every document embeds the same two whole font files (1.4 MB, see DocumentFonts): deflating them was half of a
    // document's time, so each is deflated once per process. Found again by its length, then compared byte for byte.
    private static readonly ConcurrentDictionary<int, (byte[] File, byte[] Deflated)> FontFiles = new();

    // An agency's logo recurs on each of its documents: redrawn as a PNG, and its image streams deflated again, once.
    // With compression off, the only streams PDFsharp deflates itself are images.
    private static readonly ContentCache EightBitLogos = new(capacity: 256);
    private static readonly ContentCache Images = new(capacity: 512);

    /// <summary>
    /// The logo redrawn as an 8-bit RGBA PNG: PDFsharp reads no other depth («Unsupported image format» for a 16-bit
    /// PNG), and one odd logo must not stop every document of the agency.
    /// </summary>
    public static byte[] EightBitPng(byte[] png) => EightBitLogos.GetOrAdd(png, Redrawn);

    /// <summary>
    /// PDFsharp 6.2 deflates a stream without the zlib checksum (RFC 1950), which qpdf --check reports on every page.
    /// So the document is saved uncompressed, read back, and each stream deflated by .NET, which writes it whole;
    /// the images PDFsharp deflated on import are inflated and deflated again. The font files and the logo, the same in
    /// many documents, are deflated once per process.
    /// </summary>
    public static byte[] Deflated(MemoryStream drawn)
    {
        drawn.Position = 0;
        using var document = PdfReader.Open(drawn, PdfDocumentOpenMode.Modify);
        Uncompressed(document);
        foreach (var dictionary in document.Internals.GetAllObjects().OfType<PdfDictionary>())
        {
            if (dictionary.Stream is not { } stream || dictionary.Elements.GetName("/Type") == "/Metadata")
            {
                continue;
            }

            if (!dictionary.Elements.ContainsKey("/Filter"))
            {
                // A font file is the only stream with /Length1 (its length before any filter).
                stream.Value = dictionary.Elements.ContainsKey("/Length1") ? DeflatedFontFile(stream.Value) : Deflate(stream.Value);
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
            else if (dictionary.Elements.GetName("/Filter") == "/FlateDecode")
            {
                stream.Value = Images.GetOrAdd(stream.Value, deflated => Deflate(Inflate(deflated)));
            }
        }

        // Deflated, a document comes to about half its drawn size: one buffer of that size, not a run of doublings.
        using var output = new MemoryStream(capacity: (int)drawn.Length / 2);
        document.Save(output, false);
        return output.ToArray();
    }

    public static void Uncompressed(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
    }

    private static byte[] DeflatedFontFile(byte[] file)
    {
        var (known, deflated) = FontFiles.GetOrAdd(file.Length, _ => (file, Deflate(file)));
        return known.AsSpan().SequenceEqual(file) ? deflated : Deflate(file);
    }

    private static byte[] Redrawn(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png))
            ?? throw new ArgumentException("The letterhead's logo is not an image.", nameof(png));
        using var bitmap = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var inflated = new MemoryStream();
        using (var inflater = new DeflateStream(new MemoryStream(zlib, 2, zlib.Length - 2), CompressionMode.Decompress))
        {
            inflater.CopyTo(inflated);
        }

        return inflated.ToArray();
    }

    private static byte[] Deflate(byte[] bytes)
    {
        using var deflated = new MemoryStream();
        using (var deflater = new ZLibStream(deflated, CompressionLevel.Optimal))
        {
            deflater.Write(bytes);
        }

        return deflated.ToArray();
    }
}
