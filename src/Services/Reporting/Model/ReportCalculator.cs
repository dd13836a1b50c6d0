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
        // One pass over the entries (a month of a big client is thousands), each added to its line: a task at one rate.
        var lines = new Dictionary<(Guid TaskId, decimal? Rate), LineTally>();
        foreach (var entry in entries)
        {
            var task = tasks[entry.TaskId];
            var project = projects[task.ProjectId];
            var rate = BillingRules.RateFor(project.Rates, entry.Person, task.WorkType, entry.WorkDate);
            if (!lines.TryGetValue((task.Id, rate), out var line))
            {
                lines.Add((task.Id, rate), line = new LineTally(task, new RoundingRule(project.RoundingMode, project.RoundingIncrementMinutes), rate));
            }

            line.Add(entry);
        }

        return [.. lines.Values.Select(line => line.ToLine())
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

/// <summary>One line's entries as they are added: their minutes as tracked and as rounded one by one, and their ids.</summary>
internal sealed class LineTally(WorkTask task, RoundingRule rounding, decimal? rate)
{
    private readonly List<Guid> _ids = [];
    private int _actual;
    private int _rounded;

    public void Add(TrackedTime entry)
    {
        _actual += entry.Minutes;
        _rounded += BillingRules.BilledMinutes(rounding, entry.Minutes);
        _ids.Add(entry.Id);
    }

    public ReportLine ToLine()
    {
        var percent = task.BillablePercent;
        var reason = percent == 0 ? $"Not billable: {task.WorkType}, 0 %"
            : rate is null ? "No rate on the project's rate card for this work"
            : null;
        var billedMinutes = reason is null ? (int)Math.Round(_rounded * percent / 100m, MidpointRounding.AwayFromZero) : 0;
        var billedHours = Math.Round(billedMinutes / 60m, 2, MidpointRounding.AwayFromZero);
        var amount = reason is null ? Math.Round(billedHours * rate!.Value, 2, MidpointRounding.AwayFromZero) : 0m;
        _ids.Sort();
        return new ReportLine(task.Id, task.ExternalKey, task.Title, task.ExternalUrl, task.WorkType, _actual, percent, billedMinutes,
            billedHours, rate, amount, reason, _ids, rounding, ReportLineRules.BillableRuleOf(task.WorkType, percent));
    }
}
