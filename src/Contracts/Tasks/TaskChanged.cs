namespace Clearhours.Contracts.Tasks;

/// <summary>
/// The full state of a task after a change. BillingState is Unbilled, InReport, PartlyPaid, Paid or NotBillable, from the
/// task's time entries.
/// </summary>
public sealed record TaskChanged(
    Guid TaskId,
    long Version,
    Guid ProjectId,
    Guid CompanyId,
    string Title,
    string WorkType,
    string Status,
    int BillablePercent,
    string? Assignee,
    DateOnly? CompletedOn,
    string? ExternalKey,
    string? ExternalUrl,
    string BillingState,
    DateTimeOffset ChangedAt);
