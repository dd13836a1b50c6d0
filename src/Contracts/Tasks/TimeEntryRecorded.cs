namespace Clearhours.Contracts.Tasks;

/// <summary>Time recorded on a task: actual minutes, never rounded.</summary>
public sealed record TimeEntryRecorded(
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
