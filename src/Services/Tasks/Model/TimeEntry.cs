using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Model;

public enum TimeEntryBillingState
{
    Unbilled,
    InReport,
    Paid,

    /// <summary>Settled by a paid report that showed it at 0 %: final, like paid time, but never billed.</summary>
    NotBillable,
}

/// <summary>
/// Time a person spent on a task: actual minutes, as recorded. Rounding and percentages are applied when a report
/// is built, never here. A report that claims the entry locks it, from its draft on; a paid one makes it final.
/// </summary>
public sealed class TimeEntry
{
    public const int MaxMinutes = 24 * 60;

    /// <summary>How many years back time may be recorded.</summary>
    public const int MaxWorkDateAgeYears = 10;

    /// <summary>
    /// Why time cannot be recorded on <paramref name="workDate"/>; null when it can. Tomorrow is allowed, since "today"
    /// is UTC's and a person east of it may already be in tomorrow; further ahead is a typo, as is a date decades back.
    /// </summary>
    public static string? CheckWorkDate(DateOnly workDate, DateOnly today) =>
        workDate < today.AddYears(-MaxWorkDateAgeYears) ? $"Not before {today.AddYears(-MaxWorkDateAgeYears):yyyy-MM-dd}."
        : workDate > today.AddDays(1) ? $"Not after {today.AddDays(1):yyyy-MM-dd}: time is recorded when it is worked."
        : null;

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string? ExternalId { get; private set; }
    public Guid TaskId { get; private set; }
    public string Person { get; private set; } = "";
    public DateOnly WorkDate { get; private set; }
    public int Minutes { get; private set; }
    public string? Comment { get; private set; }
    public Guid? ReportId { get; private set; }
    public string? ReportNumber { get; private set; }
    /// <summary>When the entry became final: paid, or settled as not billable (see NotBillable).</summary>
    public DateTimeOffset? PaidAt { get; private set; }
    public bool NotBillable { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public TimeEntryBillingState BillingState => StateOf(ReportId, PaidAt, NotBillable);

    public static TimeEntryBillingState StateOf(Guid? reportId, DateTimeOffset? paidAt, bool notBillable) =>
        paidAt is not null ? (notBillable ? TimeEntryBillingState.NotBillable : TimeEntryBillingState.Paid)
        : reportId is not null ? TimeEntryBillingState.InReport
        : TimeEntryBillingState.Unbilled;

    /// <summary>Why the entry cannot be edited, moved or removed; null when it can.</summary>
    public string? WhyLocked => BillingState switch
    {
        TimeEntryBillingState.Paid => $"it was paid with report {ReportNumber}",
        TimeEntryBillingState.NotBillable => $"it was settled as not billable (0 %) with paid report {ReportNumber}",
        TimeEntryBillingState.InReport => $"it is billed in report {ReportNumber}",
        _ => null,
    };

    public static TimeEntry Create(string? externalId) => new() { ExternalId = externalId };

    public TimeEntryDetails Details => new(TaskId, Person, WorkDate, Minutes, Comment);

    /// <summary>Whether <see cref="Update"/> with these details would change the entry: a new one always takes them.</summary>
    public bool Changes(TimeEntryDetails details) => Version == 0 || details != Details;

    public bool Update(TimeEntryDetails details, DateTimeOffset now)
    {
        if (!Changes(details))
        {
            return false;
        }

        if (WhyLocked is { } why)
        {
            throw new EntryLockedException(Id, ReportNumber!, why);
        }

        (TaskId, Person, WorkDate, Minutes, Comment) = details;
        Touch(now);
        return true;
    }

    /// <summary>Why the entry cannot be locked for this report (paid, or another report holds it); null when it can.</summary>
    public string? WhyNotLockableFor(Guid reportId) =>
        PaidAt is not null ? $"paid with report {ReportNumber}"
        : ReportId is not null && ReportId != reportId ? $"held by report {ReportNumber}"
        : null;

    /// <summary>Locks the entry for a report; an entry another report holds stays with that report.</summary>
    public bool LockFor(Guid reportId, string reportNumber, DateTimeOffset now)
    {
        if (PaidAt is not null || ReportId is not null)
        {
            return false;
        }

        (ReportId, ReportNumber) = (reportId, reportNumber);
        Touch(now);
        return true;
    }

    public bool Unlock(Guid reportId, DateTimeOffset now)
    {
        if (PaidAt is not null || ReportId != reportId)
        {
            return false;
        }

        (ReportId, ReportNumber) = (null, null);
        Touch(now);
        return true;
    }

    /// <summary>
    /// Makes these entries final for a paid report: paid, or, with <paramref name="notBillable"/>, settled as not
    /// billable (shown at 0 %: final, never billed again, but not paid either). An entry already final stays as it was
    /// settled. One statement for them all: a client-month report settles hundreds of entries at once.
    /// </summary>
    /// <returns>How many entries it made final.</returns>
    public static Task<int> SettleAsync(
        IQueryable<TimeEntry> entries, Guid reportId, string reportNumber, DateTimeOffset paidAt, bool notBillable,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        entries.Where(e => e.PaidAt == null).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.ReportId, reportId)
            .SetProperty(e => e.ReportNumber, reportNumber)
            .SetProperty(e => e.PaidAt, paidAt)
            .SetProperty(e => e.NotBillable, notBillable)
            .SetProperty(e => e.Version, e => e.Version + 1) // as Touch does
            .SetProperty(e => e.UpdatedAt, now), cancellationToken);

    /// <summary>Its task moved to another project: a new version, so the move reaches the read models.</summary>
    public void MovedWithTask(DateTimeOffset now) => Touch(now);

    public void MarkRemoved(DateTimeOffset now)
    {
        if (WhyLocked is { } why)
        {
            throw new EntryLockedException(Id, ReportNumber!, why);
        }

        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

public sealed record TimeEntryDetails(Guid TaskId, string Person, DateOnly WorkDate, int Minutes, string? Comment);

/// <summary>An edit of time that a report has billed.</summary>
public sealed class EntryLockedException(Guid timeEntryId, string reportNumber, string why)
    : InvalidOperationException($"Time entry {timeEntryId} cannot be changed: {why}.")
{
    public Guid TimeEntryId { get; } = timeEntryId;
    public string ReportNumber { get; } = reportNumber;
}
