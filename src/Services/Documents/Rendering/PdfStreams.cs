using System.IO.Compression;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace Clearhours.Documents.Rendering;

/// <summary>What PDFsharp 6.2 needs around it: images it can read, and streams every PDF reader checks clean.</summary>
internal static class PdfStreams
{
    /// <summary>
    /// The logo redrawn as an 8-bit RGBA PNG: PDFsharp reads no other depth («Unsupported image format» for a 16-bit
    /// PNG), and one odd logo must not stop every document of the agency.
    /// </summary>
    public static byte[] EightBitPng(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png))
            ?? throw new ArgumentException("The letterhead's logo is not an image.", nameof(png));
        using var bitmap = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul));
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }

    /// <summary>
    /// PDFsharp 6.2 deflates a stream without the zlib checksum (RFC 1950), which qpdf --check reports on every page.
    /// So the document is saved uncompressed, read back, and each stream deflated by .NET, which writes it whole;
    /// the images PDFsharp deflated on import are inflated and deflated again.
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
                stream.Value = Deflate(stream.Value);
                dictionary.Elements.SetName("/Filter", "/FlateDecode");
            }
            else if (dictionary.Elements.GetName("/Filter") == "/FlateDecode")
            {
                stream.Value = Deflate(Inflate(stream.Value));
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    public static void Uncompressed(PdfDocument document)
    {
        document.Options.NoCompression = true;
        document.Options.CompressContentStreams = false;
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
