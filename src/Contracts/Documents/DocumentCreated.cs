namespace Clearhours.Contracts.Documents;

/// <summary>A document (report PDF, invoice, act, signed scan) was made for a report. Kind names which.</summary>
public sealed record DocumentCreated(Guid DocumentId, Guid ReportId, string Kind, string FileName, DateTimeOffset CreatedAt);
