using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;

namespace Clearhours.Tasks.Model;

public enum RoundingMode
{
    None,
    Up,
    Nearest,
}

/// <summary>A work group of one company, with its rate card and the rules that turn time into billed time.</summary>
public sealed class Project
{
    public static readonly int[] RoundingIncrements = [5, 6, 10, 15, 30];

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string? ExternalId { get; private set; }
    public Guid CompanyId { get; private set; }
    public string Name { get; private set; } = "";
    public string Currency { get; private set; } = "";
    public RoundingMode RoundingMode { get; private set; }
    public int RoundingIncrementMinutes { get; private set; }
    public List<ProjectRateEntry> Rates { get; private set; } = [];
    public List<ProjectBillablePercent> BillablePercents { get; private set; } = [];
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Project Create(string? externalId) => new() { ExternalId = externalId };

    public bool Update(ProjectDetails details, DateTimeOffset now)
    {
        var current = new ProjectDetails(CompanyId, Name, Currency, RoundingMode, RoundingIncrementMinutes,
            BillablePercents.OrderBy(p => p.WorkType).Select(p => (p.WorkType, p.Percent)).ToList());
        if (Version > 0 && current.SameAs(details))
        {
            return false;
        }

        (CompanyId, Name, Currency, RoundingMode, RoundingIncrementMinutes) =
            (details.CompanyId, details.Name, details.Currency, details.RoundingMode, details.RoundingIncrementMinutes);
        BillablePercents.Clear();
        BillablePercents.AddRange(details.BillablePercents.Select(p => new ProjectBillablePercent(p.WorkType, p.Percent)));
        Touch(now);
        return true;
    }

    /// <summary>Whether these details move the project to another company or change its currency.</summary>
    public bool MovesBilledTerms(ProjectDetails details) => details.CompanyId != CompanyId || details.Currency != Currency;

    /// <summary>
    /// Why the project cannot take these details while some of its time is in report <paramref name="billedIn"/>:
    /// billed time stays with its client and its currency. Null when it can.
    /// </summary>
    public string? WhyRefused(ProjectDetails details, string? billedIn) =>
        billedIn is null || Version == 0 ? null
        : details.CompanyId != CompanyId ? $"the project's time is billed in report {billedIn}; it cannot move to another company"
        : details.Currency != Currency ? $"the project's time is billed in report {billedIn}; its currency cannot change"
        : null;

    /// <summary>Whether the rounding policy is one the project can have: none, or to one of <see cref="RoundingIncrements"/>.</summary>
    public static bool IsRounding(RoundingMode mode, int incrementMinutes) =>
        mode == RoundingMode.None || RoundingIncrements.Contains(incrementMinutes);

    /// <summary>
    /// Why a rate cannot start on <paramref name="effectiveFrom"/> when the project's work is billed up to
    /// <paramref name="billedUntil"/>: billed work keeps the rate it was billed at. Null when it can.
    /// </summary>
    public static string? WhyRateRefused(DateOnly effectiveFrom, DateOnly? billedUntil) =>
        billedUntil is { } until && effectiveFrom <= until
            ? $"Work up to {until:yyyy-MM-dd} is billed; a new rate can take effect from {until.AddDays(1):yyyy-MM-dd}."
            : null;

    /// <summary>
    /// Adds a rate from a date on. Rates are never edited: a new rate applies from its date, so work already billed
    /// keeps the rate it had.
    /// </summary>
    /// <returns>false when the same rate is already on the card.</returns>
    /// <exception cref="InvalidOperationException">A different rate for the same work, person and date exists.</exception>
    public bool AddRate(string? workType, string? person, decimal hourlyRate, DateOnly effectiveFrom, DateTimeOffset now)
    {
        // "Ann" and "ann" are one person to the rate lookup, so they are one person here too.
        var same = Rates.FirstOrDefault(r => string.Equals(r.WorkType, workType, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Person, person, StringComparison.OrdinalIgnoreCase) && r.EffectiveFrom == effectiveFrom);
        if (same is not null)
        {
            return same.HourlyRate == hourlyRate
                ? false
                : throw new InvalidOperationException(
                    $"A rate of {same.HourlyRate} from {effectiveFrom:yyyy-MM-dd} exists; add a new rate from a later date instead.");
        }

        Rates.Add(new ProjectRateEntry(workType, person, hourlyRate, effectiveFrom));
        Touch(now);
        return true;
    }

    /// <summary>The hourly rate for a person's work of a type on a date (see <see cref="BillingRules.RateFor"/>).</summary>
    public decimal? RateFor(string person, string workType, DateOnly workDate) =>
        BillingRules.RateFor(Rates.Select(r => new ProjectRate(r.WorkType, r.Person, r.HourlyRate, r.EffectiveFrom)), person, workType, workDate);

    /// <summary>The project's billable percent for a work type, when the project sets one.</summary>
    public int? BillablePercentFor(string workType) => ProjectBillablePercent.For(BillablePercents, workType);

    /// <summary>Billed minutes of one entry under the project's rounding policy; the recorded minutes are untouched.</summary>
    public int BilledMinutes(int minutes) =>
        BillingRules.BilledMinutes(new RoundingRule(RoundingMode.ToString(), RoundingIncrementMinutes), minutes);

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

public sealed record ProjectRateEntry(string? WorkType, string? Person, decimal HourlyRate, DateOnly EffectiveFrom);

public sealed record ProjectBillablePercent(string WorkType, int Percent)
{
    /// <summary>The percent a project's list sets for a work type, if any; work types match ignoring case.</summary>
    public static int? For(IEnumerable<ProjectBillablePercent> percents, string workType) =>
        percents.FirstOrDefault(p => string.Equals(p.WorkType, workType, StringComparison.OrdinalIgnoreCase))?.Percent;
}

public sealed record ProjectDetails(
    Guid CompanyId, string Name, string Currency, RoundingMode RoundingMode, int RoundingIncrementMinutes,
    IReadOnlyList<(string WorkType, int Percent)> BillablePercents)
{
    public bool SameAs(ProjectDetails other) =>
        (CompanyId, Name, Currency, RoundingMode, RoundingIncrementMinutes) ==
            (other.CompanyId, other.Name, other.Currency, other.RoundingMode, other.RoundingIncrementMinutes)
        && BillablePercents.OrderBy(p => p.WorkType).SequenceEqual(other.BillablePercents.OrderBy(p => p.WorkType));
}
