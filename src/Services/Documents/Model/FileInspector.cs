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
    /// <summary>Checks a staff upload (a signed scan or another attachment).</summary>
    public static InspectedFile Attachment(byte[] content) => throw new NotImplementedException();

    /// <summary>Checks a logo and returns it as a PNG for the PDFs (an SVG is rasterized); null with the refusal otherwise.</summary>
    public static (InspectedFile File, byte[]? Png) Logo(byte[] content) => throw new NotImplementedException();
}
