using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The report arithmetic, pure: hand-computed examples, and a seeded property test over random rate cards, rounding
/// rules, billable percents and time entries. A failing case names its seed, so it can be replayed.
/// </summary>
public sealed class ReportCalculatorTests
{
    private static readonly DateOnly Day = new(2026, 11, 2);

    // ---- Hand-computed examples ----

    [Fact]
    public void Rounding_up_to_15_then_hours_times_rate()
    {
        // 95 -> 105, 40 -> 45: 150 min = 2.50 h x 45.50 = 113.75.
        var project = Project(rounding: ("Up", 15), rates: [new ProjectRate(null, null, 45.50m, Day)]);
        var task = Task(project, percent: 100);
        var lines = ReportCalculator.Lines([Entry(task, 95), Entry(task, 40)], Tasks(task), Projects(project));

        var line = Assert.Single(lines);
        Assert.Equal(135, line.ActualMinutes);
        Assert.Equal(150, line.BilledMinutes);
        Assert.Equal(2.50m, line.BilledHours);
        Assert.Equal(45.50m, line.Rate);
        Assert.Equal(113.75m, line.Amount);
        Assert.Null(line.NonBillableReason);

        var totals = ReportCalculator.Totals(lines, "EUR");
        Assert.Equal(new ReportTotals(2.25m, 2.50m, 0m, 113.75m, "EUR"), totals);
    }

    [Fact]
    public void Rounding_to_nearest_6_rounds_each_entry_and_midpoints_away_from_zero()
    {
        // 7 -> 6, 9 (1.5 increments) -> 12: 18 min; at 50 % 9 min = 0.15 h x 100.00 = 15.00.
        var project = Project(rounding: ("Nearest", 6), rates: [new ProjectRate(null, null, 100m, Day)]);
        var task = Task(project, percent: 50);
        var line = Assert.Single(ReportCalculator.Lines([Entry(task, 7), Entry(task, 9)], Tasks(task), Projects(project)));

        Assert.Equal(16, line.ActualMinutes);
        Assert.Equal(9, line.BilledMinutes);
        Assert.Equal(0.15m, line.BilledHours);
        Assert.Equal(15.00m, line.Amount);
    }

    [Fact]
    public void Half_a_minute_and_a_third_of_a_cent_round_away_from_zero()
    {
        // 15 min at 50 % = 7.5 -> 8 min = 0.1333 -> 0.13 h x 33.33 = 4.3329 -> 4.33.
        var project = Project(rounding: ("None", 0), rates: [new ProjectRate(null, null, 33.33m, Day)]);
        var task = Task(project, percent: 50);
        var line = Assert.Single(ReportCalculator.Lines([Entry(task, 15)], Tasks(task), Projects(project)));

        Assert.Equal(8, line.BilledMinutes);
        Assert.Equal(0.13m, line.BilledHours);
        Assert.Equal(4.33m, line.Amount);
    }

    [Fact]
    public void A_one_minute_entry_bills_two_hundredths_of_an_hour()
    {
        // 1/60 = 0.01666 h -> 0.02 h x 60.00 = 1.20.
        var project = Project(rounding: ("None", 0), rates: [new ProjectRate(null, null, 60m, Day)]);
        var task = Task(project, percent: 100);
        var line = Assert.Single(ReportCalculator.Lines([Entry(task, 1)], Tasks(task), Projects(project)));

        Assert.Equal(0.02m, line.BilledHours);
        Assert.Equal(1.20m, line.Amount);
    }

    [Fact]
    public void A_zero_percent_task_is_listed_with_a_reason_and_counts_as_non_billable()
    {
        var project = Project(rounding: ("Up", 15), rates: [new ProjectRate(null, null, 80m, Day)]);
        var billable = Task(project, percent: 100, key: "A-1");
        var internalWork = Task(project, percent: 0, key: "A-2", workType: "Internal");
        var lines = ReportCalculator.Lines([Entry(billable, 60), Entry(internalWork, 90)], Tasks(billable, internalWork), Projects(project));

        Assert.Equal(2, lines.Count);
        Assert.Null(lines[0].NonBillableReason);
        var free = lines[1];
        Assert.Equal(internalWork.Id, free.TaskId);
        Assert.NotNull(free.NonBillableReason);
        Assert.Contains("Internal", free.NonBillableReason);
        Assert.Equal((90, 0, 0m, 0m), (free.ActualMinutes, free.BilledMinutes, free.BilledHours, free.Amount));

        Assert.Equal(new ReportTotals(2.50m, 1.00m, 1.50m, 80m, "EUR"), ReportCalculator.Totals(lines, "EUR"));
    }

    [Fact]
    public void Work_without_a_rate_is_listed_with_a_reason()
    {
        var project = Project(rounding: ("None", 0), rates: [new ProjectRate("Design", null, 80m, Day)]);
        var task = Task(project, percent: 100, workType: "Development");
        var line = Assert.Single(ReportCalculator.Lines([Entry(task, 30)], Tasks(task), Projects(project)));

        Assert.NotNull(line.NonBillableReason);
        Assert.Null(line.Rate);
        Assert.Equal((30, 0, 0m, 0m), (line.ActualMinutes, line.BilledMinutes, line.BilledHours, line.Amount));
    }

    [Fact]
    public void A_rate_change_mid_period_splits_the_task_into_one_line_per_rate()
    {
        var project = Project(rounding: ("None", 0), rates:
        [
            new ProjectRate(null, null, 50m, Day),
            new ProjectRate(null, null, 60m, Day.AddDays(10)),
            new ProjectRate(null, "ann", 90m, Day.AddDays(20)), // person-specific wins once in effect
        ]);
        var task = Task(project, percent: 100);
        TrackedTime[] entries =
        [
            Entry(task, 60, date: Day.AddDays(9)),
            Entry(task, 60, date: Day.AddDays(10)),
            Entry(task, 30, date: Day.AddDays(25)),
            Entry(task, 60, date: Day.AddDays(25), person: "ANN"),
        ];

        var lines = ReportCalculator.Lines(entries, Tasks(task), Projects(project));

        Assert.Equal([50m, 60m, 90m], lines.Select(l => l.Rate!.Value));
        Assert.Equal([60, 60, 90], lines.Select(l => l.ActualMinutes));
        Assert.Equal([50.00m, 60.00m, 135.00m], lines.Select(l => l.Amount));
        Assert.Equal(245.00m, ReportCalculator.Totals(lines, "EUR").Amount);
    }

    // ---- Property test ----

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        for (var seed = 1; seed <= 400; seed++)
        {
            data.Add(seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Lines_and_totals_always_multiply_and_add_up(int seed)
    {
        var random = new Random(seed);
        var (entries, tasks, projects) = Generate(random);

        IReadOnlyList<ReportLine> lines;
        ReportTotals totals;
        try
        {
            lines = ReportCalculator.Lines(entries, tasks, projects);
            totals = ReportCalculator.Totals(lines, "EUR");
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}: the calculator threw {e}");
        }

        try
        {
            Check(entries, tasks, projects, lines, totals);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed} ({entries.Count} entries, {tasks.Count} tasks, {projects.Count} projects): {e.Message}");
        }
    }

    private static void Check(
        List<TrackedTime> entries, Dictionary<Guid, WorkTask> tasks, Dictionary<Guid, ClientProject> projects,
        IReadOnlyList<ReportLine> lines, ReportTotals totals)
    {
        // Every entry in exactly one line, and no line made up.
        var listed = lines.SelectMany(l => l.TimeEntryIds).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(entries.Select(e => e.Id).Order(), listed.Order());

        var byId = entries.ToDictionary(e => e.Id);
        foreach (var line in lines)
        {
            Assert.NotEmpty(line.TimeEntryIds);
            var lineEntries = line.TimeEntryIds.Select(id => byId[id]).ToList();
            var task = tasks[line.TaskId];
            var project = projects[task.ProjectId];
            Assert.All(lineEntries, e => Assert.Equal(task.Id, e.TaskId));
            Assert.Equal(task.BillablePercent, line.BillablePercent);
            Assert.Equal(task.WorkType, line.WorkType);

            // Every entry of the line is priced at the line's rate.
            foreach (var e in lineEntries)
            {
                Assert.Equal(BillingRules.RateFor(project.Rates, e.Person, task.WorkType, e.WorkDate), line.Rate);
            }

            Assert.Equal(lineEntries.Sum(e => e.Minutes), line.ActualMinutes);
            Assert.Equal(Math.Round(line.BilledMinutes / 60m, 2, MidpointRounding.AwayFromZero), line.BilledHours);

            var nonBillable = task.BillablePercent == 0 || line.Rate is null;
            if (nonBillable)
            {
                Assert.False(string.IsNullOrWhiteSpace(line.NonBillableReason), $"line of task {task.Id} ({task.BillablePercent} %, rate {line.Rate}) carries no reason");
                Assert.Equal(0, line.BilledMinutes);
                Assert.Equal(0m, line.BilledHours);
                Assert.Equal(0m, line.Amount);
            }
            else
            {
                Assert.Null(line.NonBillableReason);
                var rule = new RoundingRule(project.RoundingMode, project.RoundingIncrementMinutes);
                var rounded = lineEntries.Sum(e => ExpectedRounded(rule, e.Minutes));
                var expectedBilled = (int)Math.Round(rounded * (decimal)task.BillablePercent / 100m, MidpointRounding.AwayFromZero);
                Assert.Equal(expectedBilled, line.BilledMinutes);
                Assert.Equal(Math.Round(line.BilledHours * line.Rate!.Value, 2, MidpointRounding.AwayFromZero), line.Amount);
            }

            Assert.Equal(line.Amount, Math.Round(line.Amount, 2));
        }

        // One line per (task, rate).
        Assert.Equal(lines.Count, lines.Select(l => (l.TaskId, l.Rate)).Distinct().Count());
        // Billable lines first.
        Assert.True(lines.SkipWhile(l => l.NonBillableReason is null).All(l => l.NonBillableReason is not null), "a billable line follows a non-billable one");

        Assert.Equal(lines.Sum(l => l.Amount), totals.Amount);
        Assert.Equal(lines.Sum(l => l.BilledHours), totals.BilledHours);
        Assert.Equal(Math.Round(entries.Sum(e => e.Minutes) / 60m, 2, MidpointRounding.AwayFromZero), totals.ActualHours);
        var nonBillableMinutes = lines.Where(l => l.NonBillableReason is not null).Sum(l => l.ActualMinutes);
        Assert.Equal(Math.Round(nonBillableMinutes / 60m, 2, MidpointRounding.AwayFromZero), totals.NonBillableHours);
        Assert.True(totals.NonBillableHours <= totals.ActualHours);
        Assert.Equal("EUR", totals.Currency);
    }

    /// <summary>The rounding rule written out independently of <see cref="BillingRules.BilledMinutes"/>.</summary>
    private static int ExpectedRounded(RoundingRule rule, int minutes)
    {
        if (rule.IncrementMinutes <= 0 || rule.Mode == "None")
        {
            return minutes;
        }

        var whole = minutes / rule.IncrementMinutes;
        var rest = minutes % rule.IncrementMinutes;
        return rule.Mode switch
        {
            "Up" => (rest == 0 ? whole : whole + 1) * rule.IncrementMinutes,
            "Nearest" => (2 * rest >= rule.IncrementMinutes ? whole + 1 : whole) * rule.IncrementMinutes,
            _ => minutes,
        };
    }

    private static readonly string[] WorkTypes = ["Development", "Design", "Meeting", "Support", "Internal"];
    private static readonly string[] People = ["ann", "bob", "cleo", "dmitri"];
    private static readonly int[] Increments = [5, 6, 10, 15, 30];

    private static (List<TrackedTime> Entries, Dictionary<Guid, WorkTask> Tasks, Dictionary<Guid, ClientProject> Projects) Generate(Random random)
    {
        var start = new DateOnly(2026, 1, 1);
        var projects = new Dictionary<Guid, ClientProject>();
        for (var p = random.Next(1, 4); p > 0; p--)
        {
            var rates = new List<ProjectRate>();
            for (var r = random.Next(0, 6); r > 0; r--)
            {
                rates.Add(new ProjectRate(
                    random.Next(3) == 0 ? Pick(random, WorkTypes) : null,
                    random.Next(3) == 0 ? Pick(random, People) : null,
                    random.Next(0, 30_001) / 100m,
                    start.AddDays(random.Next(0, 60))));
            }

            var mode = Pick(random, ["None", "Up", "Nearest"]);
            var project = new ClientProject
            {
                Id = Guid.NewGuid(), Version = 1, CompanyId = Guid.Empty, Name = $"P{p}", Currency = "EUR", Rates = rates,
                RoundingMode = mode, RoundingIncrementMinutes = mode == "None" && random.Next(2) == 0 ? 0 : Pick(random, Increments),
            };
            projects.Add(project.Id, project);
        }

        var tasks = new Dictionary<Guid, WorkTask>();
        for (var t = random.Next(1, 8); t > 0; t--)
        {
            var percent = random.Next(4) switch { 0 => 0, 1 => 100, _ => random.Next(0, 101) };
            var task = new WorkTask
            {
                Id = Guid.NewGuid(), Version = 1, ProjectId = Pick(random, projects.Keys.ToArray()), Title = $"Task {t}",
                WorkType = Pick(random, WorkTypes), Status = "Done", BillablePercent = percent,
                ExternalKey = random.Next(2) == 0 ? $"K-{random.Next(100)}" : null,
            };
            tasks.Add(task.Id, task);
        }

        var entries = new List<TrackedTime>();
        for (var e = random.Next(0, 40); e > 0; e--)
        {
            var task = tasks[Pick(random, tasks.Keys.ToArray())];
            var person = Pick(random, People);
            entries.Add(new TrackedTime
            {
                Id = Guid.NewGuid(), Version = 1, TaskId = task.Id, ProjectId = task.ProjectId,
                Person = random.Next(5) == 0 ? person.ToUpperInvariant() : person,
                WorkDate = start.AddDays(random.Next(0, 90)),
                Minutes = random.Next(4) == 0 ? Pick(random, [1, 2, 3, 7, 8, 15, 29, 30, 1439, 1440]) : random.Next(1, 1441),
            });
        }

        return (entries, tasks, projects);
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    // ---- Builders ----

    private static ClientProject Project((string Mode, int Increment) rounding, List<ProjectRate> rates) => new()
    {
        Id = Guid.NewGuid(), Version = 1, Name = "Project", Currency = "EUR", Rates = rates,
        RoundingMode = rounding.Mode, RoundingIncrementMinutes = rounding.Increment,
    };

    private static WorkTask Task(ClientProject project, int percent, string? key = null, string workType = "Development") => new()
    {
        Id = Guid.NewGuid(), Version = 1, ProjectId = project.Id, Title = key ?? "Task", ExternalKey = key, WorkType = workType,
        Status = "Done", BillablePercent = percent,
    };

    private static TrackedTime Entry(WorkTask task, int minutes, DateOnly? date = null, string person = "ann") => new()
    {
        Id = Guid.NewGuid(), Version = 1, TaskId = task.Id, ProjectId = task.ProjectId, Person = person,
        WorkDate = date ?? Day, Minutes = minutes,
    };

    private static Dictionary<Guid, WorkTask> Tasks(params WorkTask[] tasks) => tasks.ToDictionary(t => t.Id);

    private static Dictionary<Guid, ClientProject> Projects(params ClientProject[] projects) => projects.ToDictionary(p => p.Id);
}
