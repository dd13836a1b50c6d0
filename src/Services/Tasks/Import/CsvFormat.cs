using System.Globalization;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using CsvHelper;

namespace Clearhours.Tasks.Import;

/// <summary>
/// The CSV form of an import: one time entry a line, with the task, project and company it belongs to.
/// </summary>
public static class CsvFormat
{
    /// <summary>The columns, in the order a file would usually have them; the header names them, in any order.</summary>
    public static readonly IReadOnlyList<(string Column, bool Required, string Meaning)> Columns =
    [
        ("company_external_id", true, "the company's external id"),
        ("company_name", false, "to create the company, or rename it"),
        ("company_currency", false, "ISO 4217 code; to create the company, or change it"),
        ("project_external_id", true, "the project's external id; the project belongs to the line's company"),
        ("project_name", false, "to create the project, or rename it"),
        ("project_currency", false, "ISO 4217 code; a new project without one takes its company's"),
        ("task_external_id", true, "the task's external id; the task belongs to the line's project"),
        ("task_title", false, "to create the task, or retitle it"),
        ("task_work_type", false, "a known work type; to create the task, or change it"),
        ("task_status", false, "a known status; a new task without one is Open"),
        ("task_billable_percent", false, "0..100; a new task without one takes the project's or the work type's default"),
        ("task_assignee", false, ""),
        ("task_completed_on", false, "yyyy-MM-dd"),
        ("task_external_key", false, "the task's key in the planner"),
        ("task_external_url", false, "the task's link in the planner"),
        ("entry_external_id", true, "the time entry's external id"),
        ("person", true, ""),
        ("work_date", true, "yyyy-MM-dd"),
        ("minutes", true, "1..1440"),
        ("comment", false, "an empty cell clears the comment; without the column the comment is kept"),
    ];

    private static readonly Dictionary<(string Kind, string Field), string> FieldColumns = new()
    {
        [(ImportKinds.Company, "externalId")] = "company_external_id",
        [(ImportKinds.Company, "name")] = "company_name",
        [(ImportKinds.Company, "currency")] = "company_currency",
        [(ImportKinds.Project, "externalId")] = "project_external_id",
        [(ImportKinds.Project, "companyExternalId")] = "company_external_id",
        [(ImportKinds.Project, "name")] = "project_name",
        [(ImportKinds.Project, "currency")] = "project_currency",
        [(ImportKinds.Task, "externalId")] = "task_external_id",
        [(ImportKinds.Task, "projectExternalId")] = "project_external_id",
        [(ImportKinds.Task, "title")] = "task_title",
        [(ImportKinds.Task, "workType")] = "task_work_type",
        [(ImportKinds.Task, "status")] = "task_status",
        [(ImportKinds.Task, "billablePercent")] = "task_billable_percent",
        [(ImportKinds.Task, "assignee")] = "task_assignee",
        [(ImportKinds.Task, "completedOn")] = "task_completed_on",
        [(ImportKinds.Task, "externalKey")] = "task_external_key",
        [(ImportKinds.Task, "externalUrl")] = "task_external_url",
        [(ImportKinds.TimeEntry, "externalId")] = "entry_external_id",
        [(ImportKinds.TimeEntry, "taskExternalId")] = "task_external_id",
        [(ImportKinds.TimeEntry, "person")] = "person",
        [(ImportKinds.TimeEntry, "workDate")] = "work_date",
        [(ImportKinds.TimeEntry, "minutes")] = "minutes",
        [(ImportKinds.TimeEntry, "comment")] = "comment",
    };

    public static string Description =>
        "Comma-separated, UTF-8, RFC 4180 quoting, a header line naming the columns in any order (case-insensitive); "
        + "one time entry a line. Required: " + string.Join(", ", Columns.Where(c => c.Required).Select(c => c.Column))
        + ". Optional: " + string.Join(", ", Columns.Where(c => !c.Required).Select(c => c.Column))
        + ". An empty company, project or task cell keeps the current value (the line then only names the record), "
        + "so a line may name records that exist; values given on several lines must agree.";

    /// <summary>
    /// RFC 4180 with commas only (a file separated by semicolons is told so, never guessed), every line counted for
    /// the line numbers of rejected rows, and empty lines kept so that they count too (they are passed over after).
    /// </summary>
    public static readonly CsvReaderOptions ReaderOptions = new()
    {
        Separator = ',',
        SkipEmptyLines = false,
        TrackLineNumbers = true,
        // Other bad quoting is read as text, as RFC 4180 readers do; a quote left open would swallow the rest of the file.
        OnMalformedRecord = malformed =>
        {
            if (malformed.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                throw ImportFormatException.BadRequest($"Line {malformed.LineNumber}: a quoted field is not closed before the end of the file.");
            }
        },
    };

    public static string ColumnOf(string kind, string field) => FieldColumns.GetValueOrDefault((kind, field)) ?? field;

    /// <summary>The position of each known column; a wrong header is a 400, never a file of rejected lines.</summary>
    public static Dictionary<string, int> ReadHeader(IReadOnlyList<string> header)
    {
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var known = Columns.Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var unknown = names.Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown column(s) {string.Join(", ", unknown.Take(10).Select(ImportChecks.Quote))}"
                + (unknown.Count > 10 ? $" and {unknown.Count - 10} more" : ""));
        }

        var twice = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            problems.Add($"column(s) named twice: {string.Join(", ", twice.Take(10).Select(ImportChecks.Quote))}");
        }

        var missing = Columns.Where(c => c.Required && !names.Contains(c.Column)).Select(c => c.Column).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"missing column(s) {string.Join(", ", missing)}");
        }

        if (problems.Count > 0)
        {
            var hint = header.Count == 1 && header[0].Contains(';') ? " Columns are separated by commas, not semicolons." : "";
            throw ImportFormatException.BadRequest(
                $"The CSV header is wrong: {string.Join("; ", problems)}.{hint} Required columns: "
                + string.Join(", ", Columns.Where(c => c.Required).Select(c => c.Column))
                + "; optional: " + string.Join(", ", Columns.Where(c => !c.Required).Select(c => c.Column)) + ".");
        }

        return names.Select((name, index) => (name, index)).ToDictionary(x => x.name, x => x.index, StringComparer.Ordinal);
    }

    public static ImportLine ReadLine(int line, IReadOnlyList<string> fields, IReadOnlyDictionary<string, int> columns)
    {
        var errors = new List<string>();
        var malformed = fields.Count != columns.Count;
        if (malformed)
        {
            errors.Add($"the line has {fields.Count} field(s), the header {columns.Count}.");
        }

        // A missing column is null (keep); an empty cell of a company, project or task column is null too: it only names the record.
        string? Raw(string column) => !malformed && columns.TryGetValue(column, out var index) ? UnixLineEnds(fields[index]) : null;
        string? Cell(string column) => Text.Clean(Raw(column));
        int? Number(string column)
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add($"{column}: {ImportChecks.Quote(text)} is not a whole number.");
            return null;
        }

        var company = new CompanyImport(Cell("company_external_id"), Cell("company_name"), null, null, null, null, null, null, null,
            Cell("company_currency"), null);
        var project = new ProjectImport(Cell("project_external_id"), company.ExternalId, Cell("project_name"), Cell("project_currency"), null, null, null);
        var task = new TaskImport(Cell("task_external_id"), project.ExternalId, Cell("task_title"), Cell("task_work_type"), Cell("task_status"),
            Number("task_billable_percent"), Cell("task_assignee"), Cell("task_completed_on"), Cell("task_external_key"), Cell("task_external_url"));
        var entry = new TimeEntryImport(Cell("entry_external_id"), task.ExternalId, Cell("person"), Cell("work_date"), Number("minutes"),
            Raw("comment"));
        return new ImportLine(line, company, project, task, entry, errors, malformed);
    }

    /// <summary>A line break inside quotes reads as \n, whatever the file's line ends are.</summary>
    private static string UnixLineEnds(string value) => value.Contains('\r') ? value.Replace("\r\n", "\n").Replace('\r', '\n') : value;
}
