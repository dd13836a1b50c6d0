using System.Globalization;
using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

/// <summary>
/// A time entry billed by one active report: the unique key on the entry is the guard against billing twice. It keeps
/// the entry as the report priced it, so a change that slipped in before Tasks locked the entry is seen, and named.
/// </summary>
public sealed class ReportClaim
{
    public Guid TimeEntryId { get; init; }
    public Guid ReportId { get; init; }
    public DateTimeOffset ClaimedAt { get; init; }
    public long EntryVersion { get; init; }
    public Guid TaskId { get; init; }
    public Guid ProjectId { get; init; }
    public Guid CompanyId { get; init; }
    public string Person { get; init; } = "";
    public DateOnly WorkDate { get; init; }
    public int Minutes { get; init; }

    public static ReportClaim Of(Guid reportId, TrackedTime entry, DateTimeOffset now) => new()
    {
        TimeEntryId = entry.Id,
        ReportId = reportId,
        ClaimedAt = now,
        EntryVersion = entry.Version,
        TaskId = entry.TaskId,
        ProjectId = entry.ProjectId,
        CompanyId = entry.CompanyId,
        Person = entry.Person,
        WorkDate = entry.WorkDate,
        Minutes = entry.Minutes,
    };

    /// <summary>What changed in the entry since the report priced it, in words; empty when nothing did.</summary>
    public IReadOnlyList<string> ChangesIn(TrackedTime? current)
    {
        var what = string.Create(CultureInfo.InvariantCulture, $"{Person}'s time on {WorkDate:yyyy-MM-dd}");
        if (current is null || current.Removed)
        {
            return [$"{what} was deleted in Tasks"];
        }

        if (current.Version <= EntryVersion)
        {
            return [];
        }

        var changes = new List<string>();
        if (current.Minutes != Minutes) changes.Add($"{what} changed from {Minutes} to {current.Minutes} min");
        if (current.WorkDate != WorkDate) changes.Add(string.Create(CultureInfo.InvariantCulture, $"{what} moved to {current.WorkDate:yyyy-MM-dd}"));
        if (!string.Equals(current.Person, Person, StringComparison.Ordinal)) changes.Add($"{what} now belongs to {current.Person}");
        if (current.CompanyId != CompanyId) changes.Add($"{what} moved to another client");
        else if (current.TaskId != TaskId) changes.Add($"{what} moved to another task");
        else if (current.ProjectId != ProjectId) changes.Add($"{what} moved with its task to another project");
        return changes;
    }
}
