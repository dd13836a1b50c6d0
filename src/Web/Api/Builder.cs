namespace Clearhours.Web.Api;

// The report builder and the leakage screen, as Tasks' lists and Reporting's PreviewApi, ReportsApi and
// ReportLifeApi (GET /api/reports/unbilled) send them. Only the fields these screens use are read.

/// <summary>A page of a Tasks list (its Page&lt;T&gt;).</summary>
public sealed record ChoicePage<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public sealed record ClientChoice(Guid Id, string Name, string Currency);

public sealed record ProjectChoice(Guid Id, Guid CompanyId, string Name, string Currency);

public sealed record WorkTypeChoice(string Name, int DefaultBillablePercent);

public sealed record TaskStatusChoice(string Name, int Position);

/// <summary>Reporting's PreviewRequest: the filters a report is built from (null or empty: no filter).</summary>
public sealed record PreviewRequest(
    Guid CompanyId, DateOnly From, DateOnly To, IReadOnlyList<Guid>? ProjectIds, IReadOnlyList<string>? WorkTypes,
    IReadOnlyList<string>? Statuses, IReadOnlyList<string>? Persons, int? MinBillablePercent, int? MaxBillablePercent);

public sealed record PreviewLine(
    Guid TaskId, string? TaskKey, string Title, string? TaskUrl, string WorkType, int ActualMinutes, int BillablePercent,
    int BilledMinutes, decimal BilledHours, decimal? Rate, decimal Amount, string? NonBillableReason, int EntryCount)
{
    public decimal ActualHours => ActualMinutes / 60m;

    /// <summary>A line is one task's time at one rate: the pair names it in the preview and in the draft made from it.</summary>
    public (Guid TaskId, decimal? Rate) Key => (TaskId, Rate);

    /// <summary>Time with a percent but no rate on the card: Reporting refuses to send it until it is priced or excluded.</summary>
    public bool Unpriced => BillablePercent > 0 && Rate is null;

    public bool NotBillable => NonBillableReason is not null && !Unpriced;
}

public sealed record UnbilledProject(Guid ProjectId, string ProjectName, int Entries, int Minutes, DateOnly EarliestDate);

/// <summary>Billable time before the period that no report holds; starting the period at EarliestDate includes it.</summary>
public sealed record EarlierUnbilledTime(int Entries, int Minutes, DateOnly EarliestDate, IReadOnlyList<UnbilledProject> Projects);

public sealed record PreviewAnswer(
    Guid CompanyId, string CompanyName, DateOnly From, DateOnly To, IReadOnlyList<PreviewLine> Lines, ReportTotals Totals,
    EarlierUnbilledTime? EarlierUnbilled);

/// <summary>Reporting's CreateReportRequest: the preview's filters and an optional title.</summary>
public sealed record CreateDraftRequest(
    Guid CompanyId, DateOnly From, DateOnly To, string? Title, IReadOnlyList<Guid>? ProjectIds, IReadOnlyList<string>? WorkTypes,
    IReadOnlyList<string>? Statuses, IReadOnlyList<string>? Persons, int? MinBillablePercent, int? MaxBillablePercent)
{
    public static CreateDraftRequest Of(PreviewRequest filters, string? title) => new(filters.CompanyId, filters.From, filters.To,
        string.IsNullOrWhiteSpace(title) ? null : title.Trim(), filters.ProjectIds, filters.WorkTypes, filters.Statuses,
        filters.Persons, filters.MinBillablePercent, filters.MaxBillablePercent);
}

public sealed record DraftLineDetail(Guid TaskId, decimal? Rate);

public sealed record DraftLine(int No, DraftLineDetail Line, bool Excluded);

/// <summary>The part of Reporting's ReportCard the builder needs after creating a draft.</summary>
public sealed record DraftReport(Guid Id, string Number, IReadOnlyList<DraftLine> Lines, ReportTotals Totals);

/// <summary>Reporting's AdjustmentRequest: a discount (negative) or surcharge with its reason.</summary>
public sealed record AdjustmentRequest(string Description, decimal Amount, string Reason);

public sealed record UnbilledClient(
    Guid CompanyId, string CompanyName, string Currency, int Entries, int Minutes, decimal EstimatedAmount, int UnpricedMinutes,
    DateOnly EarliestDate)
{
    public decimal Hours => Minutes / 60m;
    public decimal UnpricedHours => UnpricedMinutes / 60m;
}

public sealed record UnbilledTotal(string Currency, int Entries, int Minutes, decimal EstimatedAmount)
{
    public decimal Hours => Minutes / 60m;
}

/// <summary>Unclaimed billable time from before <see cref="Before"/> (today less OlderThanDays).</summary>
public sealed record UnbilledReport(int OlderThanDays, DateOnly Before, IReadOnlyList<UnbilledClient> Clients, IReadOnlyList<UnbilledTotal> Totals);
