using System.Globalization;

namespace Clearhours.Billing.Model;

/// <summary>
/// A number of a gapless yearly series (invoices, credit notes): the database hands out the sequence in the issuing
/// transaction, so a rolled-back issue gives its number back and two issues never share one.
/// </summary>
public sealed record InvoiceNumber(int Year, int Sequence, string Text)
{
    /// <summary>Formats with {0} the year and {1} the sequence, e.g. "СЧ-{0}-{1:D4}" → СЧ-2026-0001.</summary>
    public static InvoiceNumber Format(string format, int year, int sequence) =>
        new(year, sequence, string.Format(CultureInfo.InvariantCulture, format, year, sequence));
}
