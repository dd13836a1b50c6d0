using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Rendering;
using UglyToad.PdfPig;

namespace Clearhours.Bench.Documents;

/// <summary>
/// Whether a generated PDF is what its input asks for, read back with PdfPig: its number and total in the text, every
/// page numbered "N of count", and both fonts embedded whole. The expected wording is written out here rather than
/// taken from the service, so a check does not repeat the code it checks.
/// </summary>
internal static partial class PdfCheck
{
    private static readonly long[] ShippedFontSizes = [.. typeof(DocumentPdfs).Assembly.GetManifestResourceNames()
        .Where(name => name.EndsWith(".ttf", StringComparison.Ordinal))
        .Select(name =>
        {
            using var font = typeof(DocumentPdfs).Assembly.GetManifestResourceStream(name)!;
            return font.Length;
        })
        .Order()];

    public static string? Invoice(byte[] pdf, Letterhead agency, InvoiceIssued issued) =>
        Problem(pdf, agency.Language, 1,
            issued.InvoiceNumber,
            $"{Words(agency, "Итого к оплате", "Total due")}: {Money(agency, issued.Amount)} {issued.Currency}");

    public static string? Act(byte[] pdf, Letterhead agency, InvoiceIssued issued) =>
        Problem(pdf, agency.Language, 1,
            issued.Details!.ReportNumber,
            $"{Words(agency, "Всего оказано услуг на сумму", "Services rendered in total")}: {Money(agency, issued.Amount)} {issued.Currency}");

    public static string? ReportDetail(byte[] pdf, Letterhead agency, ReportApproved approved) =>
        Problem(pdf, agency.Language, approved.Report!.Lines.Count / 60,
            approved.ReportNumber,
            $"{approved.Report.Lines[^1].TaskKey} {approved.Report.Lines[^1].Title}",
            $"{Words(agency, "Сумма к оплате", "Amount due")}: {Money(agency, approved.Invoice!.Total)} {approved.Invoice.Currency}");

    private static string? Problem(byte[] pdf, DocumentLanguage language, int minimumPages, params string[] expected)
    {
        var fonts = LengthOfFontFile().Matches(Encoding.Latin1.GetString(pdf))
            .Select(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            .Order()
            .ToArray();
        if (!fonts.SequenceEqual(ShippedFontSizes))
        {
            return $"embedded font files of {string.Join(", ", fonts)} bytes, not the shipped {string.Join(", ", ShippedFontSizes)}";
        }

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(page => Squashed(page.Text)).ToList();
        if (pages.Count < Math.Max(1, minimumPages))
        {
            return $"{pages.Count} pages, expected at least {minimumPages}";
        }

        for (var number = 1; number <= pages.Count; number++)
        {
            var footer = language == DocumentLanguage.English ? $"page {number} of {pages.Count}" : $"стр. {number} из {pages.Count}";
            if (!pages[number - 1].Contains(Squashed(footer), StringComparison.Ordinal))
            {
                return $"page {number} does not say «{footer}»";
            }
        }

        var text = string.Concat(pages);
        return expected.FirstOrDefault(line => !text.Contains(Squashed(line), StringComparison.Ordinal)) is { } missing
            ? $"«{missing}» is not in the text"
            : null;
    }

    private static string Words(Letterhead agency, string russian, string english) =>
        agency.Language == DocumentLanguage.English ? english : russian;

    private static string Money(Letterhead agency, decimal amount) =>
        amount.ToString("N2", CultureInfo.GetCultureInfo(agency.Language == DocumentLanguage.English ? "en-GB" : "ru-RU"));

    /// <summary>Without whitespace: wrapped lines and the no-break group separator read on.</summary>
    private static string Squashed(string text) => string.Concat(text.Where(character => !char.IsWhiteSpace(character)));

    [GeneratedRegex(@"/Length1 (\d+)")]
    private static partial Regex LengthOfFontFile();
}
