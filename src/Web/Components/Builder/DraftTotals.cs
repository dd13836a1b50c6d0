using Clearhours.Web.Api;

namespace Clearhours.Web.Components.Builder;

/// <summary>
/// The live sum while the manager picks lines and adds adjustments: the preview's own line figures added up, never
/// re-priced. Reporting sums the draft the same way and its card shows the confirmed figures.
/// </summary>
public sealed record DraftTotals(int Lines, decimal ActualHours, decimal BilledHours, decimal LinesAmount, decimal Adjustments)
{
    public decimal Amount => LinesAmount + Adjustments;

    public static DraftTotals Of(IEnumerable<PreviewLine> lines, IReadOnlySet<(Guid, decimal?)> excluded, IEnumerable<AdjustmentRequest> adjustments)
    {
        var included = lines.Where(l => !excluded.Contains(l.Key)).ToList();
        return new(included.Count, Math.Round(included.Sum(l => l.ActualMinutes) / 60m, 2, MidpointRounding.AwayFromZero),
            included.Sum(l => l.BilledHours), included.Sum(l => l.Amount), adjustments.Sum(a => a.Amount));
    }
}
