using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.Reporting.ReadModel;

namespace Clearhours.Reporting.Model;

/// <summary>What a report would bill: a client, a period, and the filters that pick its time.</summary>
public sealed record PreviewCriteria(Guid CompanyId, DateOnly From, DateOnly To, ReportFilters Filters);

/// <param name="Entries">The time the lines bill, as priced: a report claims these, versions and all.</param>
public sealed record ReportPreview(
    Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, IReadOnlyList<ReportLine> Lines, ReportTotals Totals,
    IReadOnlyList<TrackedTime> Entries);

/// <summary>
/// What a preview is built from: the client (null when not heard of), its unclaimed time in the period with the project
/// and person filters applied, and every task and project of that time that the read model knows.
/// </summary>
public sealed record PreviewData(
    ClientCompany? Company, IReadOnlyList<TrackedTime> Candidates, IReadOnlyDictionary<Guid, WorkTask> Tasks,
    IReadOnlyDictionary<Guid, ClientProject> Projects);

/// <summary>The preview's rules: which criteria are allowed, which time they pick, and when no report can be built yet.</summary>
public static class ReportPreviewBuilder
{
    public const int MaxPeriodDays = 366;

    /// <summary>The criteria's field errors; none: the data may be loaded.</summary>
    public static Dictionary<string, string[]> Check(PreviewCriteria criteria)
    {
        var (filters, errors) = (criteria.Filters, new Dictionary<string, string[]>());
        if (criteria.CompanyId == Guid.Empty) errors[nameof(criteria.CompanyId)] = ["Choose a company."];
        if (criteria.To < criteria.From) errors[nameof(criteria.To)] = ["The period ends before it starts."];
        else if (criteria.To.DayNumber - criteria.From.DayNumber >= MaxPeriodDays) errors[nameof(criteria.To)] = ["A report covers at most a year."];
        foreach (var (field, message) in BillingRules.PercentRangeErrors(filters.MinBillablePercent, filters.MaxBillablePercent))
        {
            errors[field] = [message];
        }

        if ((filters.ProjectIds?.Count ?? 0) > 200 || (filters.Persons?.Count ?? 0) > 200
            || (filters.WorkTypes?.Count ?? 0) > 100 || (filters.Statuses?.Count ?? 0) > 100)
        {
            errors["filters"] = ["Too many values in a filter."];
        }

        if ((filters.Persons ?? []).Concat(filters.WorkTypes ?? []).Concat(filters.Statuses ?? []).Any(v => v is null || v.Length > 200))
        {
            errors["filters"] = ["A filter value is empty or too long."];
        }

        return errors;
    }

    /// <summary>The preview of checked criteria, or why there is none (a client, task or project not known yet, two currencies).</summary>
    public static (ReportPreview? Preview, Refusal? Refusal) Build(PreviewCriteria criteria, PreviewData data)
    {
        if (data.Company is not { } company)
        {
            return (null, new Refusal(RefusalKind.NotFound, "Company not found.",
                "Reporting has not heard of this company (yet): it learns of companies from the Tasks service."));
        }

        if (data.Candidates.Any(e => !data.Tasks.ContainsKey(e.TaskId)))
        {
            // Time of a task not heard of yet would be billed short if it were left out.
            return (null, Refusal.Conflict("Task not known yet.",
                "Some of this time belongs to a task Reporting has not heard of yet; try again in a moment."));
        }

        var matching = data.Candidates.Where(e => Matches(data.Tasks[e.TaskId], criteria.Filters)).ToList();
        var taskRows = matching.Select(e => e.TaskId).Distinct().ToDictionary(id => id, id => data.Tasks[id]);
        var projectIds = taskRows.Values.Select(t => t.ProjectId).Distinct().ToList();
        if (projectIds.Any(id => !data.Projects.ContainsKey(id)))
        {
            return (null, Refusal.Conflict("Project not known yet.",
                "Some of this time belongs to a project Reporting has not heard of yet; try again in a moment."));
        }

        var projects = projectIds.ToDictionary(id => id, id => data.Projects[id]);
        var currencies = projects.Values.Select(p => p.Currency).Append(company.Currency).Distinct().ToList();
        if (projects.Values.Select(p => p.Currency).Distinct().Count() > 1)
        {
            return (null, Refusal.Conflict("Several currencies.",
                $"The selected projects bill in {string.Join(", ", currencies)}; one report, one currency: choose projects of one currency."));
        }

        var currency = projects.Values.Select(p => p.Currency).FirstOrDefault() ?? company.Currency;
        var lines = ReportCalculator.Lines(matching, taskRows, projects);
        return (new ReportPreview(company.Id, company.Name, criteria.From, criteria.To, lines, ReportCalculator.Totals(lines, currency), matching), null);
    }

    private static bool Matches(WorkTask task, ReportFilters filters) =>
        (filters.WorkTypes is not { Count: > 0 } workTypes || workTypes.Contains(task.WorkType))
        && (filters.Statuses is not { Count: > 0 } statuses || statuses.Contains(task.Status))
        && (filters.MinBillablePercent is not { } min || task.BillablePercent >= min)
        && (filters.MaxBillablePercent is not { } max || task.BillablePercent <= max);
}
