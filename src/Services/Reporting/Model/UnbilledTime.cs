using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

public sealed record UnbilledProject(Guid ProjectId, string ProjectName, int Entries, int Minutes, DateOnly EarliestDate);

/// <summary>
/// Billable time of a report's client and filters from before its period that no report holds. Moving the period's
/// start to EarliestDate puts it in the report.
/// </summary>
public sealed record EarlierUnbilledTime(int Entries, int Minutes, DateOnly EarliestDate, IReadOnlyList<UnbilledProject> Projects);

/// <summary>One client's (and currency's) forgotten time; the amount is what a report would bill at today's rate card.</summary>
public sealed record UnbilledClient(
    Guid CompanyId, string CompanyName, string Currency, int Entries, int Minutes, decimal EstimatedAmount, int UnpricedMinutes,
    DateOnly EarliestDate);

public sealed record UnbilledTotal(string Currency, int Entries, int Minutes, decimal EstimatedAmount);

public sealed record UnbilledReport(int OlderThanDays, DateOnly Before, IReadOnlyList<UnbilledClient> Clients, IReadOnlyList<UnbilledTotal> Totals);

/// <summary>
/// Leakage: billable time (a task above 0 %) that no report claims. Paid time stays claimed by its report, so
/// "unclaimed" is also "never billed".
/// </summary>
public static class UnbilledTime
{
    public const int MaxOlderThanDays = 3650;

    /// <summary>The earlier time per project (entries, minutes, earliest date), named; null when there is none.</summary>
    public static EarlierUnbilledTime? Earlier(IEnumerable<UnbilledProject> perProject)
    {
        var projects = perProject.OrderBy(p => p.EarliestDate).ThenBy(p => p.ProjectName, StringComparer.OrdinalIgnoreCase).ToList();
        return projects.Count == 0
            ? null
            : new EarlierUnbilledTime(projects.Sum(p => p.Entries), projects.Sum(p => p.Minutes), projects.Min(p => p.EarliestDate), projects);
    }

    /// <summary>
    /// Every client's unclaimed billable time from before <paramref name="before"/>, priced as the preview prices it
    /// (today's rate card, the project's rounding, the task's percent), with totals per currency.
    /// </summary>
    public static UnbilledReport OlderThan(
        int olderThanDays, DateOnly before, IReadOnlyList<TrackedTime> entries, IReadOnlyDictionary<Guid, WorkTask> tasks,
        IReadOnlyDictionary<Guid, ClientProject> projects, IReadOnlyDictionary<Guid, ClientCompany> companies)
    {
        // A report bills one currency, so a client with projects in two currencies has two rows.
        var clients = entries
            .Where(e => projects.ContainsKey(tasks[e.TaskId].ProjectId))
            .GroupBy(e => (e.CompanyId, projects[tasks[e.TaskId].ProjectId].Currency))
            .Select(group =>
            {
                var lines = ReportCalculator.Lines(group, tasks, projects);
                var company = companies.GetValueOrDefault(group.Key.CompanyId);
                return new UnbilledClient(group.Key.CompanyId, company?.Name ?? "", group.Key.Currency, group.Count(),
                    group.Sum(e => e.Minutes), lines.Sum(l => l.Amount), lines.Where(l => l.IsUnpriced()).Sum(l => l.ActualMinutes),
                    group.Min(e => e.WorkDate));
            })
            .OrderBy(c => c.EarliestDate).ThenBy(c => c.CompanyName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Currency)
            .ToList();
        var totals = clients.GroupBy(c => c.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnbilledTotal(g.Key, g.Sum(c => c.Entries), g.Sum(c => c.Minutes), g.Sum(c => c.EstimatedAmount)))
            .ToList();
        return new UnbilledReport(olderThanDays, before, clients, totals);
    }
}
