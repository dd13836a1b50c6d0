using PdfSharp.Pdf;

namespace Clearhours.Documents.Tests.Http;

/// <summary>Files staff send: real ones, and the kinds FileInspector must refuse.</summary>
public static class Files
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>A program's header under any name.</summary>
    public static readonly byte[] Executable = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[2048]];

    public static readonly byte[] SvgWithScript =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script><rect width=\"10\" height=\"10\"/></svg>"u8.ToArray();

    /// <summary>A one-page PDF with a line of text.</summary>
    public static byte[] Pdf()
    {
        using var document = new PdfDocument();
        document.AddPage();
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The first half of a PDF, as an interrupted upload leaves it.</summary>
    public static byte[] TruncatedPdf()
    {
        var pdf = Pdf();
        return pdf[..(pdf.Length / 2)];
    }

    /// <summary>A form with <paramref name="content"/> as <paramref name="field"/> and the other fields given.</summary>
    public static MultipartFormDataContent Form(string field, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(content), field, fileName } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }
}
