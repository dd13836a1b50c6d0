using Clearhours.Web.Api;

namespace Clearhours.Web.Components.Builder;

/// <summary>The builder's filters as the manager sets them; <see cref="ToRequest"/> turns them into the preview's request.</summary>
public sealed class BuilderCriteria
{
    public Guid? CompanyId { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public HashSet<Guid> ProjectIds { get; } = [];
    public HashSet<string> WorkTypes { get; } = [];
    public HashSet<string> Statuses { get; } = [];

    /// <summary>People's names as their time is recorded, separated by commas or new lines.</summary>
    public string? Persons { get; set; }

    public int? MinBillablePercent { get; set; }
    public int? MaxBillablePercent { get; set; }

    /// <summary>Whether a preview can be asked for: Reporting checks the rest (the period's order, the percent range).</summary>
    public bool IsComplete => CompanyId is not null && From is not null && To is not null;

    public PreviewRequest ToRequest() => new(
        CompanyId ?? throw new InvalidOperationException("No client chosen."),
        From ?? throw new InvalidOperationException("No period."),
        To ?? throw new InvalidOperationException("No period."),
        ProjectIds.Count > 0 ? [.. ProjectIds.Order()] : null,
        WorkTypes.Count > 0 ? [.. WorkTypes.Order(StringComparer.Ordinal)] : null,
        Statuses.Count > 0 ? [.. Statuses.Order(StringComparer.Ordinal)] : null,
        PersonNames() is { Count: > 0 } persons ? persons : null,
        MinBillablePercent,
        MaxBillablePercent);

    private List<string> PersonNames() =>
        [.. (Persons ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];

    /// <summary>The month shortcuts: this month, last month and the <paramref name="before"/> months before it, newest first.</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Months(DateOnly today, int before = 4)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        return [.. Enumerable.Range(0, before + 2).Select(i => first.AddMonths(-i)).Select(m => (m, m.AddMonths(1).AddDays(-1)))];
    }
}
