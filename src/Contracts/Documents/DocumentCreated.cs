namespace Clearhours.Contracts.Documents;

/// <summary>
/// A document (report detail, invoice, act, signed scan, attachment) was stored for a report. Kind names which;
/// InvoiceId is set for an invoice's documents; Version counts regenerations of the same document, from 1.
/// </summary>
public sealed record DocumentCreated(
    Guid DocumentId,
    Guid ReportId,
    string Kind,
    string FileName,
    DateTimeOffset CreatedAt,
    Guid? InvoiceId = null,
    int Version = 1);
