using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

/// <summary>
/// Tasks' last answer to the report's claims: how many entries it locked, and which it refused and why;
/// <see cref="ClaimedAgain"/> counts the claims sent again in a row for time a cancelled report still held in Tasks.
/// </summary>
public sealed record TimeLocks(long ClaimVersion, int Locked, IReadOnlyList<TimeLockRefusal> Refused, int ClaimedAgain = 0);

/// <summary>What Tasks' answer means for the report.</summary>
public enum LockAnswer
{
    /// <summary>Recorded for the card: everything locked, or an answer to claims since replaced.</summary>
    Recorded,

    /// <summary>Tasks refused some of the latest claims: the manager is told.</summary>
    Refused,

    /// <summary>Refused only for reports cancelled here, whose release has not reached Tasks yet: the claims go out again.</summary>
    ClaimAgain,
}

/// <summary>"Locked in Tasks: n of n" on the card; <see cref="Confirmed"/> is false until Tasks answers the latest claims.</summary>
public sealed record LockStatus(int Claimed, int Locked, bool Confirmed, IReadOnlyList<TimeLockRefusal> Refused);

/// <summary>A line whose time changed in Tasks after the report priced it, and what changed.</summary>
public sealed record StaleLine(int No, string Task, IReadOnlyList<string> Reasons);

/// <summary>A report cannot go to the client, or be approved, while some of its lines no longer match the time.</summary>
public sealed class StaleLinesException(string reportNumber, IReadOnlyList<StaleLine> lines)
    : InvalidOperationException($"Report {reportNumber} bills time that changed in Tasks after it was built (lines " +
        $"{string.Join(", ", lines.Select(l => l.No))}); refresh the draft's lines, or exclude them.")
{
    public IReadOnlyList<StaleLine> Lines { get; } = lines;
}

// The report's claims on time, as Tasks locks them and as they may go stale.
public sealed partial class Report
{
    /// <summary>Grows at every change of what the report claims; Tasks applies only a newer list.</summary>
    public long ClaimVersion { get; private set; }

    public TimeLocks? Locks { get; private set; }

    public LockStatus LockStatus => new(
        BilledTimeEntryIds.Count(),
        Locks?.ClaimVersion == ClaimVersion ? Locks.Locked : 0,
        Locks?.ClaimVersion == ClaimVersion,
        Locks?.Refused ?? []);

    /// <summary>The message that tells Tasks what the report claims now, at a new claim version.</summary>
    public ReportClaimsChanged ClaimsChanged(DateTimeOffset now)
    {
        ClaimVersion++;
        return new ReportClaimsChanged(Id, Number, ClaimVersion, [.. BilledTimeEntryIds], now);
    }

    /// <summary>How many times in a row claims go out again while a cancelled report's release is on its way to Tasks.</summary>
    public const int MaxClaimsAgain = 5;

    /// <summary>
    /// Records Tasks' answer. A refusal only because reports cancelled here still held the time in Tasks is not the
    /// manager's to fix: Reporting's claim key already gave this report the time, and each cancelled report's
    /// ReportCancelled, on a queue of its own in Tasks, may arrive there just after these claims. It will free the time,
    /// so the claims go out again (a few times at most, should that release be stuck) instead.
    /// </summary>
    /// <param name="cancelledHere">The numbers of the refusals' holders that are cancelled in Reporting.</param>
    public LockAnswer ConfirmLocks(TimeLockConfirmed confirmed, IReadOnlySet<string> cancelledHere)
    {
        if (confirmed.ClaimVersion < (Locks?.ClaimVersion ?? 0))
        {
            return LockAnswer.Recorded;
        }

        // No new version: Tasks' answer is no edit of the report, and must not turn a manager's send into a 409.
        var claimedAgain = Locks?.ClaimedAgain ?? 0;
        Locks = new TimeLocks(confirmed.ClaimVersion, confirmed.Locked, confirmed.Refused);
        if (confirmed.ClaimVersion != ClaimVersion || confirmed.Refused.Count == 0)
        {
            return LockAnswer.Recorded;
        }

        if (Status != ReportStatus.Cancelled && claimedAgain < MaxClaimsAgain
            && confirmed.Refused.All(r => r.HeldByReportNumber is { } holder && cancelledHere.Contains(holder)))
        {
            Locks = Locks with { ClaimedAgain = claimedAgain + 1 };
            return LockAnswer.ClaimAgain;
        }

        return LockAnswer.Refused;
    }

    /// <summary>The included lines some of whose time changed in Tasks since the report priced it.</summary>
    /// <param name="claims">The report's claims.</param>
    /// <param name="current">The read model's rows of the claimed entries (a missing one was never heard of or is gone).</param>
    public IReadOnlyList<StaleLine> StaleLines(IEnumerable<ReportClaim> claims, IReadOnlyDictionary<Guid, TrackedTime> current)
    {
        var priced = claims.ToDictionary(c => c.TimeEntryId);
        return [.. Lines.Where(l => !l.Excluded)
            .Select(l => new StaleLine(l.No, l.Line.TaskKey ?? l.Line.Title, [.. l.Line.TimeEntryIds
                .Where(priced.ContainsKey)
                .SelectMany(id => priced[id].ChangesIn(current.GetValueOrDefault(id)))]))
            .Where(l => l.Reasons.Count > 0)];
    }

    /// <summary>Refuses to let stale lines reach the client or an invoice.</summary>
    public void EnsureCurrent(IReadOnlyList<StaleLine> stale)
    {
        if (stale.Count > 0)
        {
            throw new StaleLinesException(Number, stale);
        }
    }

    /// <summary>Whether the report may still bill this entry as it is now: not deleted, same client, in the period.</summary>
    public bool MayBill(TrackedTime entry) => !entry.Removed && entry.CompanyId == CompanyId && entry.WorkDate >= From && entry.WorkDate <= To;

    /// <summary>
    /// Includes an excluded line again, priced from its time as it is now (the time was free while it was left out);
    /// when its time now falls at several rates, the extra lines follow at the end.
    /// </summary>
    /// <returns>The line's time entries, which the report claims again.</returns>
    public IReadOnlyList<Guid> Include(int lineNo, IReadOnlyList<ReportLine> repriced, DateTimeOffset now)
    {
        EnsureEditable();
        var index = Lines.FindIndex(l => l.No == lineNo);
        if (index < 0)
        {
            throw new KeyNotFoundException($"Report {Number} has no line {lineNo}.");
        }

        if (repriced.Count == 0)
        {
            throw new StaleLinesException(Number, [new StaleLine(lineNo, Lines[index].Line.TaskKey ?? Lines[index].Line.Title,
                ["all of the line's time was deleted or moved out of the report's client or period"])]);
        }

        var next = Lines.Max(l => l.No);
        Lines[index] = new CardLine(lineNo, repriced[0], Excluded: false);
        Lines.AddRange(repriced.Skip(1).Select(line => new CardLine(++next, line, Excluded: false)));
        Touch(now);
        return [.. repriced.SelectMany(l => l.TimeEntryIds)];
    }

    /// <summary>
    /// A draft takes its lines anew from the time it claims as that time is now; excluded lines stay as they were.
    /// Lines are numbered again, since the client has not seen these.
    /// </summary>
    public void Refresh(IReadOnlyList<ReportLine> lines, DateTimeOffset now)
    {
        EnsureEditable();
        Lines = [.. lines.Select(line => new CardLine(0, line, Excluded: false))
            .Concat(Lines.Where(l => l.Excluded))
            .Select((line, i) => line with { No = i + 1 })];
        Touch(now);
    }
}
