namespace Clearhours.Contracts.Tasks;

/// <summary>The full state of a project (work group) after a change, with its rate card and billing rules.</summary>
public sealed record ProjectChanged(
    Guid ProjectId,
    long Version,
    Guid CompanyId,
    string Name,
    string Currency,
    IReadOnlyList<ProjectRate> Rates,
    RoundingRule Rounding,
    IReadOnlyList<WorkTypeBillablePercent> BillablePercents,
    DateTimeOffset ChangedAt);

/// <summary>An hourly rate from a date on; WorkType and Person narrow it (null: any).</summary>
public sealed record ProjectRate(string? WorkType, string? Person, decimal HourlyRate, DateOnly EffectiveFrom);

/// <summary>How each time entry is rounded when billed: Mode is None, Up or Nearest; IncrementMinutes 5, 6, 10, 15 or 30.</summary>
public sealed record RoundingRule(string Mode, int IncrementMinutes);

public sealed record WorkTypeBillablePercent(string WorkType, int Percent);
