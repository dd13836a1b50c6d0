namespace Clearhours.Documents.Rendering;

public enum DocumentLanguage
{
    Russian,
    English,
}

/// <summary>
/// The agency as a document prints it: requisites, signatory and look, as the profile was when the document was made.
/// LogoPng is the logo as a PNG (an SVG logo is rasterized when it is uploaded); AccentColor is "#rrggbb".
/// </summary>
public sealed record Letterhead(
    string LegalName,
    string TaxId,
    string Address,
    string BankName,
    string BankAccount,
    string BankBic,
    string SignatoryName,
    string SignatoryPosition,
    string AccentColor,
    DocumentLanguage Language,
    byte[]? LogoPng);
