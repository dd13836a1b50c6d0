namespace Clearhours.Contracts.Documents;

/// <summary>
/// An invoice or act moved in the signing workflow: Generated → SentToClient → Signed. Comment says how it was signed
/// (a scan's file name, or the office manager's note).
/// </summary>
public sealed record DocumentStatusChanged(Guid DocumentId, Guid ReportId, string Status, string? Comment, string By, DateTimeOffset At);
