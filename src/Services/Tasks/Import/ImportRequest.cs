using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Clearhours.Tasks.Import;

/// <summary>
/// The JSON form of an import: rows of each kind, keyed by external id, that reference each other by external id.
/// Every row is a full record, like a PUT: an optional field left out is cleared. Dates are "yyyy-MM-dd" strings, so
/// a bad date is a rejected row rather than an unreadable body. [Required] only documents: a row without a required
/// field is a rejected row, not a refused body.
/// </summary>
[Description("Companies, projects, tasks and time entries keyed by external id; rows reference each other by external id.")]
public sealed record ImportRequest(
    IReadOnlyList<CompanyImport>? Companies = null,
    IReadOnlyList<ProjectImport>? Projects = null,
    IReadOnlyList<TaskImport>? Tasks = null,
    IReadOnlyList<TimeEntryImport>? TimeEntries = null);

public sealed record CompanyImport(
    [property: Required] string? ExternalId = null,
    [property: Required] string? Name = null,
    string? LegalName = null,
    string? TaxId = null,
    string? Address = null,
    string? BankName = null,
    string? BankAccount = null,
    string? BankBic = null,
    string? ContactEmail = null,
    [property: Required, Description("ISO 4217 code, e.g. BYN, USD, EUR.")] string? Currency = null,
    [property: Description("0..365; 0 when left out.")] int? PaymentTermsDays = null);

public sealed record BillablePercentImport(
    [property: Required] string? WorkType = null,
    [property: Required, Description("0..100")] int? Percent = null);

public sealed record ProjectImport(
    [property: Required] string? ExternalId = null,
    [property: Required, Description("External id of the project's company, in this file or already imported.")] string? CompanyExternalId = null,
    [property: Required] string? Name = null,
    [property: Required] string? Currency = null,
    [property: Description("None (default), Up or Nearest.")] string? RoundingMode = null,
    [property: Description("5, 6, 10, 15 or 30 when rounding; ignored with None.")] int? RoundingIncrementMinutes = null,
    IReadOnlyList<BillablePercentImport>? BillablePercents = null);

public sealed record TaskImport(
    [property: Required] string? ExternalId = null,
    [property: Required, Description("External id of the task's project, in this file or already imported.")] string? ProjectExternalId = null,
    [property: Required] string? Title = null,
    [property: Required, Description("A known work type (GET /api/tasks/work-types).")] string? WorkType = null,
    [property: Description("A known status (GET /api/tasks/statuses); left out: the task's current one, or Open.")] string? Status = null,
    [property: Description("0..100; left out: the current one, else the project's for the work type, else the work type's default.")] int? BillablePercent = null,
    string? Assignee = null,
    [property: Description("yyyy-MM-dd")] string? CompletedOn = null,
    string? ExternalKey = null,
    string? ExternalUrl = null);

public sealed record TimeEntryImport(
    [property: Required] string? ExternalId = null,
    [property: Required, Description("External id of the entry's task, in this file or already imported.")] string? TaskExternalId = null,
    [property: Required] string? Person = null,
    [property: Required, Description("yyyy-MM-dd")] string? WorkDate = null,
    [property: Required, Description("1..1440")] int? Minutes = null,
    string? Comment = null);
