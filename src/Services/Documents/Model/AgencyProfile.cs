using System.Text.RegularExpressions;
using Clearhours.Documents.Rendering;
using Clearhours.ServiceDefaults.Api;

namespace Clearhours.Documents.Model;

/// <summary>
/// The agency's requisites and look as an admin enters them (and as Documents:Agency configures the first version).
/// Check says what is wrong with them; Cleaned is what is stored.
/// </summary>
public sealed partial record AgencyRequisites(
    string? LegalName,
    string? TaxId,
    string? Address,
    string? BankName,
    string? BankAccount,
    string? BankBic,
    string? SignatoryName,
    string? SignatoryPosition,
    string? AccentColor,
    string? Language)
{
    public const string Russian = "ru";
    public const string English = "en";

    public FieldErrors Check(FieldErrors errors)
    {
        var clean = Cleaned();
        return errors
            .Check(clean.LegalName is { Length: <= 300 }, "legalName", "The legal name, 1 to 300 characters.")
            .Check(clean.TaxId is { } taxId && TaxIdPattern().IsMatch(taxId), "taxId", "The tax id (УНП, ИНН): 9 to 12 digits.")
            .Check(clean.Address is { Length: <= 500 }, "address", "The legal address, 1 to 500 characters.")
            .Check(clean.BankName is { Length: <= 300 }, "bankName", "The bank's name, 1 to 300 characters.")
            .Check(clean.BankAccount is { } account && AccountPattern().IsMatch(account), "bankAccount",
                "The account (IBAN): 2 letters, 2 digits and 11 to 30 letters or digits, e.g. BY13NBRB3600900000002Z00AB00.")
            .Check(clean.BankBic is { } bic && BicPattern().IsMatch(bic), "bankBic", "The bank's BIC: 8 or 11 letters and digits, e.g. NBRBBY2X.")
            .Check(clean.SignatoryName is { Length: <= 200 }, "signatoryName", "Who signs the documents, 1 to 200 characters.")
            .Check(clean.SignatoryPosition is { Length: <= 200 }, "signatoryPosition", "The signatory's position, 1 to 200 characters.")
            .Check(clean.AccentColor is { } color && ColorPattern().IsMatch(color), "accentColor", "A colour as #rrggbb, e.g. #1f6feb.")
            .Check(clean.Language is Russian or English, "language", "ru or en.");
    }

    /// <summary>Trimmed; the account and BIC without spaces and in capitals, the colour in small letters, ru by default.</summary>
    public AgencyRequisites Cleaned() => new(
        Text.Clean(LegalName), Text.Clean(TaxId), Text.Clean(Address), Text.Clean(BankName),
        Text.Clean(BankAccount)?.Replace(" ", "").ToUpperInvariant(), Text.Clean(BankBic)?.ToUpperInvariant(),
        Text.Clean(SignatoryName), Text.Clean(SignatoryPosition), Text.Clean(AccentColor)?.ToLowerInvariant(),
        Text.Clean(Language)?.ToLowerInvariant() ?? Russian);

    [GeneratedRegex("^[0-9]{9,12}$")]
    private static partial Regex TaxIdPattern();

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[A-Z0-9]{8}([A-Z0-9]{3})?$")]
    private static partial Regex BicPattern();

    [GeneratedRegex("^#[0-9a-f]{6}$")]
    private static partial Regex ColorPattern();
}

/// <summary>
/// One version of the agency's profile. Versions are only ever added: a document names the version it was drawn with,
/// and the current profile is the highest version.
/// </summary>
public sealed class AgencyProfile
{
    private AgencyProfile()
    {
    }

    public int Version { get; private set; }

    public string LegalName { get; private set; } = "";

    public string TaxId { get; private set; } = "";

    public string Address { get; private set; } = "";

    public string BankName { get; private set; } = "";

    public string BankAccount { get; private set; } = "";

    public string BankBic { get; private set; } = "";

    public string SignatoryName { get; private set; } = "";

    public string SignatoryPosition { get; private set; } = "";

    public string AccentColor { get; private set; } = "";

    public string Language { get; private set; } = AgencyRequisites.Russian;

    /// <summary>The logo as uploaded (PNG or SVG), served back to the admin.</summary>
    public byte[]? Logo { get; private set; }

    public string? LogoContentType { get; private set; }

    /// <summary>The logo as the PDFs print it.</summary>
    public byte[]? LogoPng { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }

    public bool IsEnglish => Language == AgencyRequisites.English;

    public AgencyRequisites Requisites =>
        new(LegalName, TaxId, Address, BankName, BankAccount, BankBic, SignatoryName, SignatoryPosition, AccentColor, Language);

    /// <summary>Version 1. The requisites must pass <see cref="AgencyRequisites.Check"/>.</summary>
    public static AgencyProfile First(AgencyRequisites requisites, string by, DateTimeOffset at) => Make(1, requisites, null, null, null, by, at);

    /// <summary>The next version with new requisites; the logo stays.</summary>
    public AgencyProfile Next(AgencyRequisites requisites, string by, DateTimeOffset at) =>
        Make(Version + 1, requisites, Logo, LogoContentType, LogoPng, by, at);

    /// <summary>The next version with a new logo (already judged by FileInspector.Logo); the requisites stay.</summary>
    public AgencyProfile WithLogo(byte[] logo, string contentType, byte[] png, string by, DateTimeOffset at) =>
        Make(Version + 1, Requisites, logo, contentType, png, by, at);

    public Letterhead ToLetterhead() => new(LegalName, TaxId, Address, BankName, BankAccount, BankBic, SignatoryName, SignatoryPosition,
        AccentColor, IsEnglish ? DocumentLanguage.English : DocumentLanguage.Russian, LogoPng);

    private static AgencyProfile Make(
        int version, AgencyRequisites requisites, byte[]? logo, string? logoContentType, byte[]? png, string by, DateTimeOffset at)
    {
        if (requisites.Check(new FieldErrors()) is { Any: true } errors)
        {
            throw new ArgumentException($"The agency profile is not valid: {errors}", nameof(requisites));
        }

        var clean = requisites.Cleaned();
        return new AgencyProfile
        {
            Version = version,
            LegalName = clean.LegalName!,
            TaxId = clean.TaxId!,
            Address = clean.Address!,
            BankName = clean.BankName!,
            BankAccount = clean.BankAccount!,
            BankBic = clean.BankBic!,
            SignatoryName = clean.SignatoryName!,
            SignatoryPosition = clean.SignatoryPosition!,
            AccentColor = clean.AccentColor!,
            Language = clean.Language!,
            Logo = logo,
            LogoContentType = logoContentType,
            LogoPng = png,
            ChangedBy = by,
            ChangedAt = at,
        };
    }
}
