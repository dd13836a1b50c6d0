using Clearhours.Contracts.Tasks;

namespace Clearhours.Tasks.Model;

/// <summary>
/// What Tasks last heard of one report's claims on time. Claims come as full lists with a version, so a late, older
/// list changes nothing, and nothing re-locks time for a report once it is cancelled.
/// </summary>
public sealed class ReportLock
{
    public Guid ReportId { get; private set; }
    public string ReportNumber { get; private set; } = "";
    public long ClaimVersion { get; private set; }
    public bool Released { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static ReportLock For(Guid reportId, string reportNumber) => new() { ReportId = reportId, ReportNumber = reportNumber };

    /// <returns>true when claims at this version are news to apply.</returns>
    public bool Accept(long claimVersion, DateTimeOffset now)
    {
        if (Released || claimVersion <= ClaimVersion)
        {
            return false;
        }

        (ClaimVersion, UpdatedAt) = (claimVersion, now);
        return true;
    }

    /// <summary>The report is cancelled: its claims will never lock time again.</summary>
    public void Release(DateTimeOffset now) => (Released, UpdatedAt) = (true, now);

    /// <summary>
    /// Locks the claimed entries for the report and unlocks those it held but no longer claims.
    /// </summary>
    /// <param name="entries">The claimed entries that exist, and those the report holds now.</param>
    /// <returns>The claimed entries that could not be locked, with the reason.</returns>
    public IReadOnlyList<TimeLockRefusal> Apply(IReadOnlyCollection<Guid> claimed, IReadOnlyList<TimeEntry> entries, DateTimeOffset now)
    {
        var byId = entries.ToDictionary(e => e.Id);
        var refused = new List<TimeLockRefusal>();
        foreach (var id in claimed)
        {
            if (!byId.TryGetValue(id, out var entry))
            {
                refused.Add(new TimeLockRefusal(id, "the time entry no longer exists", null));
            }
            else if (entry.WhyNotLockableFor(ReportId) is { } why)
            {
                refused.Add(new TimeLockRefusal(id, why, entry.ReportNumber));
            }
            else
            {
                entry.LockFor(ReportId, ReportNumber, now);
            }
        }

        var stillClaimed = claimed.ToHashSet();
        foreach (var entry in entries.Where(e => e.ReportId == ReportId && !stillClaimed.Contains(e.Id)))
        {
            entry.Unlock(ReportId, now);
        }

        return refused;
    }
}
