using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;

namespace Clearhours.Documents.Rendering;

/// <summary>The three generated documents, each drawn from the event that causes it and the agency's letterhead.</summary>
public static class DocumentPdfs
{
    /// <summary>The report detail: every task line with its planner link, totals, the snapshot hash and the approval.</summary>
    public static byte[] ReportDetail(Letterhead agency, ReportApproved approved) => throw new NotImplementedException();

    /// <summary>The invoice (счёт на оплату): both parties, lines, totals, the amount in words, reference and due date.</summary>
    public static byte[] Invoice(Letterhead agency, InvoiceIssued issued) => throw new NotImplementedException();

    /// <summary>The act of completed works (акт выполненных работ): parties, period, services, totals, signatures.</summary>
    public static byte[] Act(Letterhead agency, InvoiceIssued issued) => throw new NotImplementedException();
}
