using System.Globalization;

namespace Clearhours.Web.Api;

// The shapes of Tasks' companies, projects, tasks, time entries and import, and of Documents' agency profile, as
// their Apis/*.cs write them (enums travel as their names).

/// <summary>One page of a list: Tasks' lists take page (1-based) and pageSize.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

public sealed record Company(
    Guid Id, string? ExternalId, string Name, string? LegalName, string? TaxId, string? Address, string? BankName,
    string? BankAccount, string? BankBic, string? ContactEmail, string Currency, int PaymentTermsDays, long Version);

public sealed record CompanyRequest(
    string Name, string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic,
    string? ContactEmail, string Currency, int PaymentTermsDays, string? ExternalId = null);

public enum RoundingMode
{
    None,
    Up,
    Nearest,
}

public sealed record BillablePercent(string WorkType, int Percent);

/// <summary>A rate of the card: for a work type, a person, both or neither (the default), from a date on.</summary>
public sealed record Rate(string? WorkType, string? Person, decimal HourlyRate, DateOnly EffectiveFrom);

public sealed record Project(
    Guid Id, string? ExternalId, Guid CompanyId, string Name, string Currency, RoundingMode RoundingMode, int RoundingIncrementMinutes,
    IReadOnlyList<Rate> Rates, IReadOnlyList<BillablePercent> BillablePercents, long Version);

public sealed record ProjectRequest(
    Guid CompanyId, string Name, string Currency, RoundingMode RoundingMode, int RoundingIncrementMinutes,
    IReadOnlyList<BillablePercent> BillablePercents, string? ExternalId = null);

/// <summary>The rate a card gives a person's work of a type on a date; null when it has none.</summary>
public sealed record RateAnswer(decimal? HourlyRate, string Currency);

public enum TaskBillingState
{
    Unbilled,
    InReport,
    PartlyPaid,
    Paid,
    NotBillable,
}

public sealed record TaskItem(
    Guid Id, string? ExternalId, Guid ProjectId, Guid CompanyId, string Title, string WorkType, string Status, int BillablePercent,
    string? Assignee, DateOnly? CompletedOn, string? ExternalKey, string? ExternalUrl, TaskBillingState BillingState, long Version);

public enum TimeBillingState
{
    Unbilled,
    InReport,
    Paid,
    NotBillable,
}

public sealed record TimeEntry(
    Guid Id, string? ExternalId, Guid TaskId, Guid ProjectId, Guid CompanyId, string Person, DateOnly WorkDate, int Minutes,
    string? Comment, string WorkType, int BillablePercent, TimeBillingState BillingState, Guid? ReportId, string? ReportNumber, long Version);

public sealed record TimeEntryRequest(Guid TaskId, string Person, DateOnly? WorkDate, int Minutes, string? Comment);

public sealed record WorkType(string Name, int DefaultBillablePercent);

public sealed record WorkflowStatus(string Name, int Position);

public sealed record ImportCounts(int Created, int Updated, int Unchanged, int Rejected);

/// <summary>A row the import refused: its kind (company, project, task, timeEntry), row or CSV line, and every reason.</summary>
public sealed record RejectedRow(string Kind, int Row, string? ExternalId, IReadOnlyList<string> Reasons);

public sealed record ImportResult(
    ImportCounts Companies, ImportCounts Projects, ImportCounts Tasks, ImportCounts TimeEntries, IReadOnlyList<RejectedRow> Rejected);

/// <summary>The agency profile's current version; its logo is at GET /api/agency/logo.</summary>
public sealed record Agency(
    int Version, string LegalName, string TaxId, string Address, string BankName, string BankAccount, string BankBic,
    string SignatoryName, string SignatoryPosition, string AccentColor, string Language, string? LogoContentType, string ChangedBy,
    DateTimeOffset ChangedAt);

public sealed record AgencyRequest(
    string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic,
    string? SignatoryName, string? SignatoryPosition, string? AccentColor, string? Language);

/// <summary>A saved form's answer: the value, or the problem with its field errors by field (the ProblemDetails' names).</summary>
public sealed record Saved<T>(ApiResult<T> Result, IReadOnlyDictionary<string, string[]> Fields)
{
    public IReadOnlyList<string> For(string field) =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    /// <summary>The problem without the field errors shown at their fields, so nothing is said twice.</summary>
    public ApiError? ErrorBesides(params string[] shownFields) => Result.Error is { } error
        ? error with { FieldErrors = [.. Fields.Where(f => !shownFields.Any(shown => IsOf(f.Key, shown))).SelectMany(f => f.Value)] }
        : null;

    /// <summary>The errors of a field, and of its items ("billablePercents[0].percent").</summary>
    public IReadOnlyList<string> ForAll(string field) => [.. Fields.Where(f => IsOf(f.Key, field)).SelectMany(f => f.Value)];

    private static bool IsOf(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase) || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The filters of GET /api/tasks, each left out of the query when not set.</summary>
public sealed record TaskFilter(
    Guid? CompanyId = null, Guid? ProjectId = null, string? WorkType = null, string? Status = null, string? Assignee = null,
    TaskBillingState? BillingState = null, string? Search = null)
{
    public string Query(int page, int pageSize) => QueryString.Of(
        ("companyId", CompanyId?.ToString()), ("projectId", ProjectId?.ToString()), ("workType", WorkType), ("status", Status),
        ("assignee", Assignee), ("billingState", BillingState?.ToString()), ("search", Search),
        ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>The filters of GET /api/time-entries, each left out of the query when not set.</summary>
public sealed record TimeFilter(
    Guid? CompanyId = null, Guid? ProjectId = null, Guid? TaskId = null, string? Person = null, DateOnly? From = null,
    DateOnly? To = null, TimeBillingState? BillingState = null)
{
    public string Query(int page, int pageSize) => QueryString.Of(
        ("companyId", CompanyId?.ToString()), ("projectId", ProjectId?.ToString()), ("taskId", TaskId?.ToString()), ("person", Person),
        ("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("billingState", BillingState?.ToString()),
        ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", pageSize.ToString(CultureInfo.InvariantCulture)));
}

public static class QueryString
{
    /// <summary>"?name=value&amp;..." of the parameters that have a value, each escaped.</summary>
    public static string Of(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!.Trim())}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }
}
