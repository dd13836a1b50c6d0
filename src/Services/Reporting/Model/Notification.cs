namespace Clearhours.Reporting.Model;

/// <summary>
/// Something a manager should hear about a report: approved, changes requested, a payment, paid. Text says it in
/// English for logs and other callers; the facts beside it (who, the comment, the invoice, the amounts) let a screen
/// say it in its own language.
/// </summary>
public sealed class Notification
{
    /// <summary>The longest text kept; a longer one (a client's long comment) is cut, the comment itself is kept whole.</summary>
    public const int TextMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ReportId { get; init; }
    public string ReportNumber { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>Who did it: the approving client ("Name &lt;e-mail&gt;") or the client who asked for changes.</summary>
    public string? Who { get; init; }

    /// <summary>The client's comment, or why an invoice was cancelled or time was not locked.</summary>
    public string? Comment { get; init; }

    public string? InvoiceNumber { get; init; }

    /// <summary>The payment's (or the paid report's) amount, in the report's currency.</summary>
    public decimal? Amount { get; init; }

    /// <summary>What is left to pay on the invoice after the payment.</summary>
    public decimal? Balance { get; init; }

    public string Currency { get; init; } = "";

    /// <summary>How many things it is about (time entries not locked).</summary>
    public int? Count { get; init; }

    public static Notification About(
        Report report, string kind, string text, DateTimeOffset now, string? who = null, string? comment = null,
        string? invoiceNumber = null, decimal? amount = null, decimal? balance = null, int? count = null) =>
        new()
        {
            ReportId = report.Id, ReportNumber = report.Number, Kind = kind,
            Text = text.Length <= TextMaxLength ? text : string.Concat(text.AsSpan(0, TextMaxLength - 1), "…"), CreatedAt = now, Who = who,
            Comment = comment, InvoiceNumber = invoiceNumber, Amount = amount, Balance = balance, Currency = report.Currency,
            Count = count,
        };
}
