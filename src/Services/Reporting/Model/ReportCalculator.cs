using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

/// <summary>
/// One line of a report: a task's time at one rate. Rounding and BillableRule are the rules that turned its actual
/// minutes into billed ones, so the client's page can say why 40 minutes were billed as 45.
/// </summary>
public sealed record ReportLine(
    Guid TaskId,
    string? TaskKey,
    string Title,
    string? TaskUrl,
    string WorkType,
    int ActualMinutes,
    int BillablePercent,
    int BilledMinutes,
    decimal BilledHours,
    decimal? Rate,
    decimal Amount,
    string? NonBillableReason,
    IReadOnlyList<Guid> TimeEntryIds,
    RoundingRule? Rounding = null,
    string? BillableRule = null);

public sealed record ReportTotals(decimal ActualHours, decimal BilledHours, decimal NonBillableHours, decimal Amount, string Currency);

/// <summary>
/// Turns tracked time into report lines. Money is decimal and rounded once per line, away from zero: a line's
/// amount is its billed hours (to the hundredth) times its rate, to the cent, and the total is the sum of the lines,
/// so what a client reads always multiplies and adds up.
/// </summary>
public static class ReportCalculator
{
    public static IReadOnlyList<ReportLine> Lines(
        IEnumerable<TrackedTime> entries, IReadOnlyDictionary<Guid, WorkTask> tasks, IReadOnlyDictionary<Guid, ClientProject> projects)
    {
        // Thousands of entries share a few (project, person, work type, day) keys: each rate is looked up once.
        var rates = new Dictionary<(Guid, string, string, DateOnly), decimal?>();
        decimal? RateOf(ClientProject project, string person, string workType, DateOnly day)
        {
            var key = (project.Id, person, workType, day);
            if (!rates.TryGetValue(key, out var rate))
            {
                rates[key] = rate = BillingRules.RateFor(project.Rates, person, workType, day);
            }

            return rate;
        }

        var priced = from entry in entries
                     let task = tasks[entry.TaskId]
                     let project = projects[task.ProjectId]
                     select new
                     {
                         Entry = entry,
                         Task = task,
                         Project = project,
                         Rate = RateOf(project, entry.Person, task.WorkType, entry.WorkDate),
                     };

        return [.. priced
            .GroupBy(p => (p.Task.Id, p.Rate))
            .Select(group =>
            {
                var first = group.First();
                var rounding = new RoundingRule(first.Project.RoundingMode, first.Project.RoundingIncrementMinutes);
                var actual = group.Sum(p => p.Entry.Minutes);
                var percent = first.Task.BillablePercent;
                var reason = percent == 0 ? $"Not billable: {first.Task.WorkType}, 0 %"
                    : first.Rate is null ? "No rate on the project's rate card for this work"
                    : null;
                var rounded = group.Sum(p => BillingRules.BilledMinutes(rounding, p.Entry.Minutes));
                var billedMinutes = reason is null ? (int)Math.Round(rounded * percent / 100m, MidpointRounding.AwayFromZero) : 0;
                var billedHours = Math.Round(billedMinutes / 60m, 2, MidpointRounding.AwayFromZero);
                var amount = reason is null ? Math.Round(billedHours * first.Rate!.Value, 2, MidpointRounding.AwayFromZero) : 0m;
                return new ReportLine(first.Task.Id, first.Task.ExternalKey, first.Task.Title, first.Task.ExternalUrl, first.Task.WorkType,
                    actual, percent, billedMinutes, billedHours, first.Rate, amount, reason,
                    [.. group.Select(p => p.Entry.Id).Order()], rounding, ReportLineRules.BillableRuleOf(first.Task.WorkType, percent));
            })
            .OrderBy(line => line.NonBillableReason is not null)
            .ThenBy(line => line.TaskKey ?? line.Title, StringComparer.OrdinalIgnoreCase)
            .ThenBy(line => line.TaskId)
            .ThenBy(line => line.Rate)];
    }

    public static ReportTotals Totals(IReadOnlyList<ReportLine> lines, string currency) => new(
        Math.Round(lines.Sum(l => l.ActualMinutes) / 60m, 2, MidpointRounding.AwayFromZero),
        lines.Sum(l => l.BilledHours),
        Math.Round(lines.Where(l => l.NonBillableReason is not null).Sum(l => l.ActualMinutes) / 60m, 2, MidpointRounding.AwayFromZero),
        lines.Sum(l => l.Amount),
        currency);
}
