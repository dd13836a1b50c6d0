namespace Clearhours.Contracts.Tasks;

/// <summary>Tasks' answer to a report's claims: the entries it locked for the report and those it could not.</summary>
public sealed record TimeLockConfirmed(
    Guid ReportId,
    long ClaimVersion,
    int Locked,
    IReadOnlyList<TimeLockRefusal> Refused,
    DateTimeOffset ConfirmedAt);

/// <summary>An entry Tasks did not lock: it is gone, paid, or held by another report (named).</summary>
public sealed record TimeLockRefusal(Guid TimeEntryId, string Reason, string? HeldByReportNumber);
