namespace Clearhours.Contracts.Tasks;

/// <summary>The full state of a time entry after an edit (or a move to another task).</summary>
public sealed record TimeEntryChanged(
    Guid TimeEntryId,
    long Version,
    Guid TaskId,
    Guid ProjectId,
    Guid CompanyId,
    string Person,
    DateOnly WorkDate,
    int Minutes,
    string? Comment,
    string? ExternalId,
    DateTimeOffset ChangedAt);
