using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;

namespace Clearhours.Documents.Rendering;

/// <summary>The three generated documents, each drawn from the event that causes it and the agency's letterhead.</summary>
public static class DocumentPdfs
{
    /// <summary>The report detail: every task line with its planner link, totals, the snapshot hash and the approval.</summary>
    public static byte[] ReportDetail(Letterhead agency, ReportApproved approved)
    {
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(approved);
        if (approved.Report is not { } report || approved.Invoice is not { } invoice)
        {
            throw new ArgumentException(
                $"ReportApproved of report {approved.ReportNumber} carries no snapshot (Report and Invoice are null: " +
                "it was published before they were added), so there is nothing to draw its report detail from.",
                nameof(approved));
        }

        var words = DocumentWording.For(agency.Language);
        var title = words.Format(words.ReportTitle, approved.ReportNumber);
        using var pdf = new PdfComposer(words, title, agency);
        pdf.Letterhead(agency);
        pdf.Title(title, report.Title);
        pdf.Field(words.Client, report.CompanyName);
        pdf.Field(words.Period, words.Range(invoice.From, invoice.To));
        pdf.Field(words.Report, approved.ReportNumber);
        pdf.Space(10);

        pdf.Table(
            [
                new(words.LineNo, 4, Numeric: true),
                new(words.Task, 34),
                new(words.WorkType, 13),
                new(words.ActualHours, 9, Numeric: true),
                new(words.BilledHours, 11, Numeric: true),
                new($"{words.Rate}, {invoice.Currency}", 11, Numeric: true),
                new($"{words.Amount}, {invoice.Currency}", 13, Numeric: true),
            ],
            report.Lines.Select(line => new TableRow(
                [
                    new(words.Format("{0}", line.No)),
                    new(
                        line.TaskKey is null ? line.Title : $"{line.TaskKey} {line.Title}",
                        line.TaskUrl,
                        line.NonBillableReason is null ? null : words.Format(words.NonBillable, line.NonBillableReason)),
                    new(line.WorkType),
                    new(words.Hours(line.ActualMinutes)),
                    new(words.HoursOf(line.BilledHours)),
                    new(line.Rate is { } rate ? words.Money(rate) : "—"),
                    new(words.Money(line.Amount)),
                ],
                Muted: line.NonBillableReason is not null)));

        if (report.Adjustments.Count > 0)
        {
            pdf.Heading(words.Adjustments);
            pdf.Table(
                [
                    new(words.LineNo, 4, Numeric: true),
                    new(words.Description, 42),
                    new(words.Reason, 41),
                    new($"{words.Amount}, {invoice.Currency}", 13, Numeric: true),
                ],
                report.Adjustments.Select(adjustment => new TableRow(
                [
                    new(words.Format("{0}", adjustment.No)),
                    new(adjustment.Description),
                    new(adjustment.Reason),
                    new(words.Money(adjustment.Amount)),
                ])));
        }

        pdf.Heading(words.Totals);
        pdf.Field(words.TotalActualHours, words.HoursOf(report.ActualHours));
        pdf.Field(words.TotalBilledHours, words.HoursOf(report.BilledHours));
        pdf.Field(words.TotalNonBillableHours, words.HoursOf(report.NonBillableHours));
        pdf.Field(words.TotalAmount, words.Money(invoice.Total, invoice.Currency), strong: true);
        pdf.Space(12);
        pdf.Field(words.Approval, words.Format(words.ApprovalRecord, report.ApprovedBy, words.Moment(approved.ApprovedAt)));
        pdf.Field(words.SnapshotHash, approved.SnapshotHash, font: pdf.Small);
        return pdf.Finish(title);
    }

    /// <summary>The invoice (счёт на оплату): both parties, lines, totals, the amount in words, reference and due date.</summary>
    public static byte[] Invoice(Letterhead agency, InvoiceIssued issued)
    {
        var details = DetailsOf(agency, issued);
        var words = DocumentWording.For(agency.Language);
        var title = words.Format(words.InvoiceTitle, issued.InvoiceNumber, words.Date(details.IssuedOn));
        using var pdf = new PdfComposer(words, title, agency);
        pdf.Letterhead(agency);
        pdf.Title(title);
        pdf.Field(words.Supplier, Requisites(words, agency));
        pdf.Field(words.Payer, Requisites(words, details.Client));
        pdf.Field(words.Basis, words.Format(words.BasisText, details.ReportNumber, words.Range(details.From, details.To)));
        pdf.Space(10);
        Lines(pdf, words, details.Lines, issued.Currency);
        pdf.Paragraph($"{words.TotalDue}: {words.Money(issued.Amount, issued.Currency)}", pdf.Bold, right: true);
        pdf.Space(6);
        pdf.Field(words.InWords, AmountInWords.Of(issued.Amount, issued.Currency, agency.Language));
        pdf.Field(words.PaymentReference, details.PaymentReference, strong: true);
        pdf.Field(words.DueDate, words.Date(issued.DueOn), strong: true);
        pdf.Space(36);
        pdf.SideBySide([new(agency.SignatoryPosition)], [new($"______________________ / {agency.SignatoryName} /")]);
        return pdf.Finish(title);
    }

    /// <summary>The act of completed works (акт выполненных работ): parties, period, services, totals, signatures.</summary>
    public static byte[] Act(Letterhead agency, InvoiceIssued issued)
    {
        var details = DetailsOf(agency, issued);
        var words = DocumentWording.For(agency.Language);
        var title = words.Format(words.ActTitle, details.ReportNumber);
        using var pdf = new PdfComposer(words, title, agency);
        pdf.Letterhead(agency);
        pdf.Title(title, words.Format(words.ActSubtitle, issued.InvoiceNumber, words.Date(details.IssuedOn)));
        pdf.Field(words.Contractor, Requisites(words, agency));
        pdf.Field(words.Customer, Requisites(words, details.Client));
        pdf.Field(words.ServicePeriod, words.Range(details.From, details.To));
        pdf.Space(10);
        Lines(pdf, words, details.Lines, issued.Currency);
        pdf.Space(6);
        pdf.Paragraph($"{words.RenderedInTotal}: {words.Money(issued.Amount, issued.Currency)}", pdf.Bold);
        pdf.Space(2);
        pdf.Field(words.InWords, AmountInWords.Of(issued.Amount, issued.Currency, agency.Language));
        pdf.Space(8);
        pdf.Paragraph(words.NoClaims);
        pdf.Space(28);
        pdf.SideBySide(
            [
                new(words.Contractor, Bold: true),
                new(agency.LegalName),
                new(agency.SignatoryPosition),
                new(""),
                new($"______________________ / {agency.SignatoryName} /"),
                new(words.Seal),
            ],
            [
                new(words.Customer, Bold: true),
                new(NameOf(details.Client)),
                new(""),
                new(""),
                new("______________________ / ______________________ /"),
            ]);
        return pdf.Finish(title);
    }

    private static IssuedInvoice DetailsOf(Letterhead agency, InvoiceIssued issued)
    {
        ArgumentNullException.ThrowIfNull(agency);
        ArgumentNullException.ThrowIfNull(issued);
        return issued.Details ?? throw new ArgumentException(
            $"InvoiceIssued of invoice {issued.InvoiceNumber} carries no details (it was published before Details was " +
            "added), so there is nothing to draw its invoice and act from.",
            nameof(issued));
    }

    /// <summary>The lines and their total, as the invoice and the act both print them.</summary>
    private static void Lines(PdfComposer pdf, DocumentWording words, IReadOnlyList<IssuedLine> lines, string currency)
    {
        pdf.Table(
            [
                new(words.LineNo, 5, Numeric: true),
                new(words.Description, 53),
                new(words.HoursHeader, 10, Numeric: true),
                new($"{words.Rate}, {currency}", 14, Numeric: true),
                new($"{words.Amount}, {currency}", 16, Numeric: true),
            ],
            lines.Select(line => new TableRow(
                [
                    new(words.Format("{0}", line.No)),
                    new(line.Description, Note: line.Billable ? null : words.NotBilled),
                    new(IsAdjustment(line) ? "" : words.Hours(line.BilledMinutes)),
                    new(IsAdjustment(line) ? "" : words.Money(line.Rate)),
                    new(words.Money(line.Amount)),
                ],
                Muted: !line.Billable)));
        pdf.Space(4);
        pdf.Paragraph($"{words.Total}: {words.Money(lines.Sum(line => line.Amount), currency)}", pdf.Bold, right: true);
    }

    /// <summary>
    /// A report's adjustment (a discount, an extra) comes as a sum with no time and no rate; the document prints neither
    /// rather than a zero.
    /// </summary>
    private static bool IsAdjustment(IssuedLine line) => line.BilledMinutes == 0 && line.Rate == 0m && line.Amount != 0m;

    private static string Requisites(DocumentWording words, Letterhead agency) =>
        Requisites(words, agency.LegalName, agency.TaxId, agency.Address, agency.BankName, agency.BankAccount, agency.BankBic);

    private static string Requisites(DocumentWording words, InvoiceParty client) =>
        Requisites(words, NameOf(client), client.TaxId, client.Address, client.BankName, client.BankAccount, client.BankBic);

    /// <summary>A party as one block of text, leaving out what the party has not given.</summary>
    private static string Requisites(
        DocumentWording words, string name, string? taxId, string? address, string? bankName, string? bankAccount, string? bankBic)
    {
        string[] bank =
        [
            .. Given(bankName).Select(bankName => words.Format(words.Bank, bankName)),
            .. Given(bankBic).Select(bankBic => words.Unbroken(words.Bic, bankBic)),
        ];
        string?[] lines =
        [
            string.Join(", ", [name, .. Given(taxId).Select(taxId => words.Unbroken(words.TaxId, taxId))]),
            address,
            .. Given(bankAccount).Select(bankAccount => words.Unbroken(words.BankAccount, bankAccount)),
            string.Join(", ", bank),
        ];
        return string.Join('\n', lines.Where(line => !string.IsNullOrWhiteSpace(line)));
    }

    private static string NameOf(InvoiceParty client) => string.IsNullOrWhiteSpace(client.LegalName) ? client.Name : client.LegalName;

    private static IEnumerable<string> Given(string? value) => string.IsNullOrWhiteSpace(value) ? [] : [value.Trim()];
}
