namespace Clearhours.Contracts.Tasks;

public sealed record TimeEntryRemoved(Guid TimeEntryId, long Version, Guid TaskId, DateTimeOffset RemovedAt);
