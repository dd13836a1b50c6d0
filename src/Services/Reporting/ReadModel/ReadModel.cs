using Clearhours.Contracts.Tasks;

namespace Clearhours.Reporting.ReadModel;

// Reporting's copy of the Tasks service's facts, kept from its events. Each row keeps the version of the event it
// came from; an older or repeated event changes nothing, so redelivery and reordering are harmless.

public sealed class ClientCompany
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Name { get; init; } = "";
    public string? LegalName { get; init; }
    public string? ContactEmail { get; init; }
    public string Currency { get; init; } = "";
    public int PaymentTermsDays { get; init; }
}

public sealed class ClientProject
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public Guid CompanyId { get; init; }
    public string Name { get; init; } = "";
    public string Currency { get; init; } = "";
    public List<ProjectRate> Rates { get; init; } = [];
    public string RoundingMode { get; init; } = "None";
    public int RoundingIncrementMinutes { get; init; }
    public List<WorkTypeBillablePercent> BillablePercents { get; init; } = [];
}

public sealed class WorkTask
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public Guid ProjectId { get; init; }
    public Guid CompanyId { get; init; }
    public string Title { get; init; } = "";
    public string WorkType { get; init; } = "";
    public string Status { get; init; } = "";
    public int BillablePercent { get; init; }
    public string? ExternalKey { get; init; }
    public string? ExternalUrl { get; init; }
}

public sealed class TrackedTime
{
    public Guid Id { get; init; }
    public long Version { get; init; }
    public Guid TaskId { get; init; }
    public Guid ProjectId { get; init; }
    public Guid CompanyId { get; init; }
    public string Person { get; init; } = "";
    public DateOnly WorkDate { get; init; }
    public int Minutes { get; init; }
    public string? Comment { get; init; }

    /// <summary>Removed in Tasks: kept as a tombstone so an older, late event cannot bring it back.</summary>
    public bool Removed { get; init; }
}
