using Clearhours.Contracts.Tasks;

namespace Clearhours.Pricing;

/// <summary>
/// The rules of a project's rate card and rounding, stated once for the service that owns them (Tasks) and the one
/// that bills by them (Reporting).
/// </summary>
public static class BillingRules
{
    /// <summary>
    /// The hourly rate for a person's work of a type on a date: the most specific rate (person and type, then person,
    /// then type, then the default) among those in effect on that date, the latest of them; null when none is.
    /// </summary>
    public static decimal? RateFor(IEnumerable<ProjectRate> rates, string person, string workType, DateOnly workDate) =>
        rates.Where(r => r.EffectiveFrom <= workDate
                && (r.Person is null || string.Equals(r.Person, person, StringComparison.OrdinalIgnoreCase))
                && (r.WorkType is null || string.Equals(r.WorkType, workType, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => (r.Person is null ? 0 : 2) + (r.WorkType is null ? 0 : 1))
            .ThenByDescending(r => r.EffectiveFrom)
            .Select(r => (decimal?)r.HourlyRate)
            .FirstOrDefault();

    /// <summary>Billed minutes of one entry: rounded up or to the nearest increment, or as recorded.</summary>
    public static int BilledMinutes(RoundingRule rounding, int minutes)
    {
        if (rounding.IncrementMinutes <= 0 || rounding.Mode is not ("Up" or "Nearest"))
        {
            return minutes;
        }

        var increments = rounding.Mode == "Up"
            ? (minutes + rounding.IncrementMinutes - 1) / rounding.IncrementMinutes
            : (int)Math.Round(minutes / (decimal)rounding.IncrementMinutes, MidpointRounding.AwayFromZero);
        return increments * rounding.IncrementMinutes;
    }

    /// <summary>
    /// What is wrong with a billable-percent filter, by field: each bound is 0–100 and the lower is not above the upper
    /// (an inverted range would quietly match nothing). Empty when the filter is fine.
    /// </summary>
    public static IEnumerable<(string Field, string Message)> PercentRangeErrors(int? min, int? max)
    {
        if (min is < 0 or > 100) yield return ("minBillablePercent", "0 to 100.");
        if (max is < 0 or > 100) yield return ("maxBillablePercent", "0 to 100.");
        if (min > max) yield return ("minBillablePercent", "Not above maxBillablePercent.");
    }
}
