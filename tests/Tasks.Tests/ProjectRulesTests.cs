using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Tasks.Model;

namespace Clearhours.Tasks.Tests;

/// <summary>The project's rate card and rounding rule, as plain objects: no servers.</summary>
public sealed class ProjectRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly Day(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static Project WithRates(params (string? WorkType, string? Person, decimal Rate, string From)[] rates)
    {
        var project = Project.Create(null);
        foreach (var (workType, person, rate, from) in rates)
        {
            Assert.True(project.AddRate(workType, person, rate, Day(from), Now));
        }

        return project;
    }

    private static Project WithRounding(RoundingMode mode, int increment)
    {
        var project = Project.Create(null);
        project.Update(new ProjectDetails(Guid.NewGuid(), "Website", "EUR", mode, increment, []), Now);
        return project;
    }

    // ---- Rates ----

    [Fact]
    public void The_default_rate_applies_to_every_person_and_work_type()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"));

        Assert.Equal(50m, project.RateFor("ann", "Development", Day("2026-01-01")));
        Assert.Equal(50m, project.RateFor("bob", "Bug fixing", Day("2026-06-30")));
    }

    [Fact]
    public void A_later_default_rate_applies_from_its_effective_date_and_earlier_work_keeps_the_old_rate()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), (null, null, 60m, "2026-03-01"));

        Assert.Equal(50m, project.RateFor("ann", "Development", Day("2026-02-28")));
        Assert.Equal(60m, project.RateFor("ann", "Development", Day("2026-03-01")));
        Assert.Equal(60m, project.RateFor("ann", "Development", Day("2026-12-31")));
    }

    [Fact]
    public void A_work_type_rate_beats_the_default_rate()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), ("Design", null, 70m, "2026-01-01"));

        Assert.Equal(70m, project.RateFor("ann", "Design", Day("2026-02-01")));
        Assert.Equal(50m, project.RateFor("ann", "Development", Day("2026-02-01")));
    }

    [Fact]
    public void Rate_for_a_person_beats_the_rate_for_a_work_type()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), ("Design", null, 70m, "2026-01-01"), (null, "ann", 80m, "2026-01-01"));

        Assert.Equal(80m, project.RateFor("ann", "Design", Day("2026-02-01")));
        Assert.Equal(70m, project.RateFor("bob", "Design", Day("2026-02-01")));
    }

    [Fact]
    public void Rate_for_a_person_and_a_work_type_beats_both()
    {
        var project = WithRates(
            (null, null, 50m, "2026-01-01"), ("Design", null, 70m, "2026-01-01"), (null, "ann", 80m, "2026-01-01"),
            ("Design", "ann", 90m, "2026-01-01"));

        Assert.Equal(90m, project.RateFor("ann", "Design", Day("2026-02-01")));
        Assert.Equal(80m, project.RateFor("ann", "Development", Day("2026-02-01")));
    }

    [Fact]
    public void There_is_no_rate_before_the_first_effective_date()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), ("Design", "ann", 90m, "2026-02-01"));

        Assert.Null(project.RateFor("ann", "Design", Day("2025-12-31")));
        Assert.Null(Project.Create(null).RateFor("ann", "Design", Day("2026-02-01")));
    }

    [Fact]
    public void A_specific_rate_counts_only_from_its_own_effective_date()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), ("Design", "ann", 90m, "2026-02-01"));

        Assert.Equal(50m, project.RateFor("ann", "Design", Day("2026-01-31")));
        Assert.Equal(90m, project.RateFor("ann", "Design", Day("2026-02-01")));
    }

    [Fact]
    public void Person_and_work_type_match_regardless_of_case()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"), ("Design", "Ann", 90m, "2026-01-01"));

        Assert.Equal(90m, project.RateFor("ann", "design", Day("2026-02-01")));
    }

    [Fact]
    public void An_identical_rate_changes_nothing_and_a_different_rate_for_the_same_date_is_refused()
    {
        var project = WithRates((null, null, 50m, "2026-01-01"));
        var version = project.Version;

        Assert.False(project.AddRate(null, null, 50m, Day("2026-01-01"), Now));
        Assert.Throws<InvalidOperationException>(() => project.AddRate(null, null, 55m, Day("2026-01-01"), Now));

        Assert.Equal(50m, project.RateFor("ann", "Development", Day("2026-01-01")));
        Assert.Single(project.Rates);
        Assert.Equal(version, project.Version);
    }

    [Fact]
    public void On_random_cards_the_rate_is_the_most_specific_in_effect_then_the_latest_then_the_first_listed()
    {
        string?[] people = [null, "ann", "Ann", "bob"];
        string?[] workTypes = [null, "Design", "design", "Development"];
        var random = new Random(20261203);
        for (var card = 0; card < 2_000; card++)
        {
            var rates = Enumerable.Range(0, random.Next(0, 8)).Select(i => new ProjectRate(
                workTypes[random.Next(workTypes.Length)], people[random.Next(people.Length)], 10m + i,
                new DateOnly(2026, 1, 1).AddDays(random.Next(0, 4) * 30))).ToList();
            var person = people[random.Next(1, people.Length)]!;
            var workType = workTypes[random.Next(1, workTypes.Length)]!;
            var day = new DateOnly(2026, 1, 1).AddDays(random.Next(-10, 120));

            Assert.True(BySorting(rates, person, workType, day) == BillingRules.RateFor(rates, person, workType, day),
                $"card {card}: {string.Join("; ", rates)}; {person}, {workType}, {day}");
        }

        // The rule as a sort, written apart from BillingRules: in effect and matching, most specific, latest, first listed.
        static decimal? BySorting(List<ProjectRate> rates, string person, string workType, DateOnly day) => rates
            .Select((rate, index) => (Rate: rate, Index: index))
            .Where(r => r.Rate.EffectiveFrom <= day
                && (r.Rate.Person is null || r.Rate.Person.Equals(person, StringComparison.OrdinalIgnoreCase))
                && (r.Rate.WorkType is null || r.Rate.WorkType.Equals(workType, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => (r.Rate.Person is null ? 0 : 2) + (r.Rate.WorkType is null ? 0 : 1))
            .ThenByDescending(r => r.Rate.EffectiveFrom)
            .ThenBy(r => r.Index)
            .Select(r => (decimal?)r.Rate.HourlyRate)
            .FirstOrDefault();
    }

    // ---- Rounding ----

    [Theory]
    [InlineData(RoundingMode.None, 0, 1, 1)]
    [InlineData(RoundingMode.None, 0, 7, 7)]
    [InlineData(RoundingMode.None, 0, 1440, 1440)]
    [InlineData(RoundingMode.Up, 5, 1, 5)]
    [InlineData(RoundingMode.Up, 5, 5, 5)]
    [InlineData(RoundingMode.Up, 5, 6, 10)]
    [InlineData(RoundingMode.Up, 6, 1, 6)]
    [InlineData(RoundingMode.Up, 6, 7, 12)]
    [InlineData(RoundingMode.Up, 6, 12, 12)]
    [InlineData(RoundingMode.Up, 10, 11, 20)]
    [InlineData(RoundingMode.Up, 15, 15, 15)]
    [InlineData(RoundingMode.Up, 15, 16, 30)]
    [InlineData(RoundingMode.Up, 30, 1, 30)]
    [InlineData(RoundingMode.Up, 30, 61, 90)]
    [InlineData(RoundingMode.Up, 15, 1440, 1440)]
    [InlineData(RoundingMode.Nearest, 5, 7, 5)]
    [InlineData(RoundingMode.Nearest, 5, 8, 10)]
    [InlineData(RoundingMode.Nearest, 6, 8, 6)]
    [InlineData(RoundingMode.Nearest, 6, 9, 12)] // the midpoint goes up
    [InlineData(RoundingMode.Nearest, 10, 14, 10)]
    [InlineData(RoundingMode.Nearest, 10, 15, 20)]
    [InlineData(RoundingMode.Nearest, 15, 22, 15)]
    [InlineData(RoundingMode.Nearest, 15, 23, 30)]
    [InlineData(RoundingMode.Nearest, 30, 44, 30)]
    [InlineData(RoundingMode.Nearest, 30, 45, 60)]
    [InlineData(RoundingMode.Nearest, 30, 90, 90)]
    public void Billed_minutes_follow_the_projects_rounding_rule(RoundingMode mode, int increment, int minutes, int billed)
    {
        Assert.Equal(billed, WithRounding(mode, increment).BilledMinutes(minutes));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(30)]
    public void Rounding_up_never_bills_less_and_bills_whole_increments(int increment)
    {
        var project = WithRounding(RoundingMode.Up, increment);

        for (var minutes = 1; minutes <= 240; minutes++)
        {
            var billed = project.BilledMinutes(minutes);
            Assert.True(billed >= minutes && billed - minutes < increment && billed % increment == 0, $"{minutes} min billed as {billed}");
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(30)]
    public void Rounding_to_the_nearest_increment_is_off_by_at_most_half_an_increment(int increment)
    {
        var project = WithRounding(RoundingMode.Nearest, increment);

        for (var minutes = 1; minutes <= 240; minutes++)
        {
            var billed = project.BilledMinutes(minutes);
            Assert.True(billed % increment == 0 && Math.Abs(billed - minutes) * 2 <= increment, $"{minutes} min billed as {billed}");
        }
    }
}
