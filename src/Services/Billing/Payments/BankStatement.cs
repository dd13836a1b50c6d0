using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;

namespace Clearhours.Billing.Payments;

/// <summary>One document or row of a statement: a payment to take in, or a line left out with the reason.</summary>
/// <param name="Line">The line of the file it starts on, as an editor numbers it.</param>
public sealed record StatementEntry(int Line, PaymentReceived? Payment, string? IgnoredBecause);

/// <summary>Why a statement cannot be read, and where; nothing of such a file is applied.</summary>
public sealed class StatementFormatException(int line, string message) : Exception($"Line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// A bank statement read whole before any of it is applied: the 1C exchange format every Russian and Belarusian bank
/// exports (windows-1251 or UTF-8), or a simple CSV. Each payment's external id is built from what the bank itself
/// keys it by, so the same statement uploaded again is the same payments.
/// </summary>
public static partial class BankStatement
{
    public const string Source = "statement";

    public const string CsvHeader = "externalId,date,amount,currency,payerName,payerAccount,purpose";

    private const string OneCMarker = "1CClientBankExchange";

    static BankStatement() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="currency">The currency of a 1C statement, whose documents do not name one.</param>
    public static IReadOnlyList<StatementEntry> Read(byte[] file, string currency)
    {
        var lines = Decode(file).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var first = lines.FirstOrDefault()?.Trim() ?? "";
        return first switch
        {
            OneCMarker => ReadOneC(lines, currency),
            _ when first.Equals(CsvHeader, StringComparison.OrdinalIgnoreCase) => ReadCsv(lines),
            _ => throw new StatementFormatException(1, $"Neither a 1C statement (it starts with {OneCMarker}) nor a CSV with the header {CsvHeader}."),
        };
    }

    /// <summary>UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else windows-1251, 1C's usual encoding.</summary>
    private static string Decode(byte[] file)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1251).GetString(file);
        }
    }

    private static List<StatementEntry> ReadOneC(string[] lines, string currency)
    {
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<StatementEntry>();
        Dictionary<string, string>? document = null;
        var documentLine = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "КонецФайла")
            {
                if (document is not null)
                {
                    throw new StatementFormatException(number, $"The document begun on line {documentLine} has no КонецДокумента.");
                }

                return entries;
            }

            if (line == "КонецДокумента")
            {
                entries.Add(document is null
                    ? throw new StatementFormatException(number, "КонецДокумента without its СекцияДокумент.")
                    : OneCEntry(document, documentLine, accounts, currency));
                document = null;
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                if (document is null && line is "КонецРасчСчет" or "СекцияРасчСчет")
                {
                    continue;
                }

                throw new StatementFormatException(number, $"Expected Ключ=Значение, found '{Shorten(line)}'.");
            }

            var (key, value) = (line[..equals].Trim(), line[(equals + 1)..].Trim());
            if (key == "СекцияДокумент")
            {
                if (document is not null)
                {
                    throw new StatementFormatException(number, $"A new document begins before the one on line {documentLine} ends (КонецДокумента).");
                }

                (document, documentLine) = (new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value }, number);
            }
            else if (document is not null)
            {
                document[key] = value;
            }
            else if (key == "РасчСчет" && value.Length > 0)
            {
                accounts.Add(value);
            }
        }

        throw new StatementFormatException(lines.Length, document is null
            ? "The file ends without КонецФайла: it is truncated."
            : $"The file ends inside the document begun on line {documentLine}: it is truncated.");
    }

    /// <summary>
    /// A document credited to the agency's account (its ПолучательСчет is one of the statement's accounts, or the bank
    /// gave it a ДатаПоступило) is a payment; one paid from the account is a debit and is left out.
    /// </summary>
    private static StatementEntry OneCEntry(Dictionary<string, string> document, int line, HashSet<string> accounts, string currency)
    {
        string Field(string key) => document.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new StatementFormatException(line, $"The document has no {key}.");
        string? Optional(string key) => document.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

        var payer = Optional("ПлательщикСчет");
        var what = $"{document["СекцияДокумент"]} № {Optional("Номер")}";
        if (Optional("ПолучательСчет") is not { } payee || !accounts.Contains(payee))
        {
            if (payer is not null && accounts.Contains(payer))
            {
                return new StatementEntry(line, null, $"A debit from the account ({what}), not a payment received.");
            }

            if (Optional("ДатаПоступило") is null)
            {
                return new StatementEntry(line, null, $"Neither credited to the statement's account nor received (no ДатаПоступило): {what}.");
            }
        }

        var (number, date) = (Field("Номер"), Field("Дата"));
        var paidOn = Date(Optional("ДатаПоступило") ?? date, line);
        Date(date, line);
        var purpose = Optional("НазначениеПлатежа");
        var payment = new PaymentReceived(Source, $"{number}/{date}/{payer}", ReferenceIn(purpose) ?? $"п/п {number}",
            Amount(Field("Сумма"), line), currency, new DateTimeOffset(paidOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            Optional("Плательщик1") ?? Optional("Плательщик"), payer, purpose);
        return Checked(payment, line);
    }

    private static List<StatementEntry> ReadCsv(string[] lines)
    {
        var entries = new List<StatementEntry>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var line = i + 1;
            var fields = CsvFields(lines[i], line);
            if (fields.Count != 7)
            {
                throw new StatementFormatException(line, $"{fields.Count} fields where the header has 7 ({CsvHeader}).");
            }

            var date = DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                && Regex.IsMatch(fields[1], "^[0-9]{4}-[0-9]{2}-[0-9]{2}")
                ? at
                : throw new StatementFormatException(line, $"date '{Shorten(fields[1])}' is not yyyy-MM-dd (or an ISO 8601 date and time).");
            var purpose = fields[6].Length > 0 ? fields[6] : null;
            var payment = new PaymentReceived(Source, fields[0], ReferenceIn(purpose) ?? fields[0], Amount(fields[2], line), fields[3], date,
                fields[4].Length > 0 ? fields[4] : null, fields[5].Length > 0 ? fields[5] : null, purpose);
            entries.Add(Checked(payment, line));
        }

        return entries;
    }

    /// <summary>One CSV record on one line: fields split by commas, a quoted field may hold commas and doubled quotes.</summary>
    private static List<string> CsvFields(string text, int line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new StatementFormatException(line, "A quoted field is not closed (a field cannot span lines).");
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }

    private static StatementEntry Checked(PaymentReceived payment, int line) =>
        PaymentInput.Check(payment) is { Any: true } errors
            ? throw new StatementFormatException(line, $"Not a payment: {errors}")
            : new StatementEntry(line, payment, null);

    /// <summary>A creditor reference (RF…) whose check digits hold, else something shaped like an invoice number (СЧ-2026-0042).</summary>
    private static string? ReferenceIn(string? purpose) =>
        PaymentReference.FindIn(purpose).FirstOrDefault() ?? (purpose is null ? null : InvoiceNumber().Match(purpose) is { Success: true } m ? m.Value : null);

    private static decimal Amount(string text, int line) =>
        AmountText().IsMatch(text) && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new StatementFormatException(line, $"The amount '{Shorten(text)}' is not digits with at most two decimals after a point.");

    private static DateOnly Date(string text, int line) =>
        DateOnly.TryParseExact(text, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new StatementFormatException(line, $"The date '{Shorten(text)}' is not dd.MM.yyyy.");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex("^[0-9]{1,13}(\\.[0-9]{1,2})?$")]
    private static partial Regex AmountText();

    [GeneratedRegex(@"\b\p{L}{1,5}-[0-9]{4}-[0-9]{1,8}\b")]
    private static partial Regex InvoiceNumber();
}
