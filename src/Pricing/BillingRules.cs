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
    /// <remarks>
    /// A loop rather than a sort: a report prices each of thousands of entries by it. Of two rates equally specific and
    /// in effect from the same day, the first on the card wins.
    /// </remarks>
    public static decimal? RateFor(IEnumerable<ProjectRate> rates, string person, string workType, DateOnly workDate)
    {
        ProjectRate? best = null;
        var bestSpecificity = -1;
        foreach (var rate in rates)
        {
            var applies = rate.EffectiveFrom <= workDate
                && (rate.Person is null || string.Equals(rate.Person, person, StringComparison.OrdinalIgnoreCase))
                && (rate.WorkType is null || string.Equals(rate.WorkType, workType, StringComparison.OrdinalIgnoreCase));
            var specificity = (rate.Person is null ? 0 : 2) + (rate.WorkType is null ? 0 : 1);
            if (applies && (specificity > bestSpecificity || (specificity == bestSpecificity && rate.EffectiveFrom > best!.EffectiveFrom)))
            {
                (best, bestSpecificity) = (rate, specificity);
            }
        }

        return best?.HourlyRate;
    }

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
