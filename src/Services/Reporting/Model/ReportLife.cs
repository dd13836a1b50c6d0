using System.Globalization;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;

namespace Clearhours.Reporting.Model;

/// <summary>A line the client would see at a price nobody set: the card's number and its task.</summary>
public sealed record UnpricedLine(int No, Guid TaskId, string? TaskKey, string Title, string WorkType, int ActualMinutes);

/// <summary>Sending a report with unpriced lines: each must be priced (the rate card gains a rate) or excluded first.</summary>
public sealed class UnpricedLinesException(string number, IReadOnlyList<UnpricedLine> lines)
    : InvalidOperationException(
        $"Report {number} has {lines.Count} line(s) without a rate on the project's rate card ({string.Join(", ", lines.Select(l => l.No))}): " +
        "add the rates and refresh the lines, or exclude them, before sending.")
{
    public IReadOnlyList<UnpricedLine> Lines { get; } = lines;
}

/// <summary>A move the kanban has an arrow for, refused by a rule of the business; the message says what to do instead.</summary>
public sealed class ReportRuleException(string title, string message) : InvalidOperationException(message)
{
    public string Title { get; } = title;
}

public static class ReportLineRules
{
    /// <summary>Billed at a percentage above zero but with no rate: sending it would bill the time at 0.</summary>
    public static bool IsUnpriced(this ReportLine line) => line.BillablePercent > 0 && line.Rate is null;

    /// <summary>0 % work: shown to the client as information, amount 0, and settled as not billable when the report is paid.</summary>
    public static bool IsNotBillable(this ReportLine line) => line.BillablePercent == 0;

    public static string BillableRuleOf(string workType, int percent) => percent switch
    {
        0 => $"{workType}: not billable (0 %), shown for information",
        100 => $"{workType}: billed in full (100 %)",
        _ => string.Create(CultureInfo.InvariantCulture, $"{workType}: {percent} % of the rounded time is billed"),
    };
}

// The report's life beyond the happy path: recall, cancel with a reason, invoice cancelled, unpriced lines.
public sealed partial class Report
{
    /// <summary>Included lines billed at a percentage but without a rate: they block sending.</summary>
    /// <remarks>A method, not a property, so EF does not take it for a relation.</remarks>
    public IReadOnlyList<UnpricedLine> UnpricedLines() =>
        [.. Lines.Where(l => !l.Excluded && l.Line.IsUnpriced())
            .Select(l => new UnpricedLine(l.No, l.Line.TaskId, l.Line.TaskKey, l.Line.Title, l.Line.WorkType, l.Line.ActualMinutes))];

    /// <summary>An approved report holds an invoice's worth of client consent: only an admin may throw it away.</summary>
    public static bool CancelNeedsAdmin(ReportStatus status) => status == ReportStatus.Approved;

    /// <summary>The manager takes a sent report back to revise it; the caller revokes the client's link.</summary>
    public void Recall(string by, string reason, DateTimeOffset now) =>
        MoveTo(ReportStatus.Draft, by, now, Reason("Recalled", reason));

    /// <summary>After the client asked for changes, back to Draft; the history keeps what the client asked.</summary>
    public void Reopen(string by, DateTimeOffset now) =>
        MoveTo(ReportStatus.Draft, by, now, ChangeRequests.LastOrDefault() is { } asked ? $"Reopened after the client asked: {asked.Comment}" : null);

    /// <summary>
    /// Cancels the report for a reason: its time is freed (the caller deletes the claims). An invoiced report is
    /// cancelled only by cancelling its invoice, which brings it back to Approved first.
    /// </summary>
    public ReportCancelled Cancel(string by, string reason, DateTimeOffset now)
    {
        if (Status == ReportStatus.Invoiced)
        {
            throw new ReportRuleException("Cancel the invoice first.",
                $"Report {Number} is invoiced ({InvoiceNumber}): cancel invoice {InvoiceNumber} with its credit note in Billing; " +
                "the report then returns to Approved and can be cancelled.");
        }

        MoveTo(ReportStatus.Cancelled, by, now, Reason("Cancelled", reason));
        return Cancelled(now);
    }

    /// <summary>
    /// Billing cancelled the invoice (with a credit note): the report is Approved again, ready for a new invoice; a
    /// cancelled report, whose cancellation made Billing cancel the invoice, stays cancelled.
    /// </summary>
    public void InvoiceCancelled(InvoiceCancelled cancelled, DateTimeOffset now)
    {
        var creditNote = cancelled.CreditNoteNumber is { } number ? $", credit note {number}" : "";
        var what = $"Invoice {cancelled.InvoiceNumber} cancelled{creditNote}: {cancelled.Reason}";
        if (Status == ReportStatus.Cancelled)
        {
            Note("billing", now, what);
        }
        else
        {
            MoveTo(ReportStatus.Approved, "billing", now, what);
        }

        InvoiceNumber = null;
        InvoiceId = null;
    }

    private static string Reason(string what, string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException($"{what} without a reason.", nameof(reason)) : reason.Trim();
}
