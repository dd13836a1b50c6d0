using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Tasks.Apis;

namespace Clearhours.Tasks.Import;

/// <summary>A body that cannot be imported at all: answered with its status and never half imported.</summary>
public sealed class ImportFormatException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    public static ImportFormatException BadRequest(string detail) =>
        new(StatusCodes.Status400BadRequest, "The import could not be read.", detail);
}

/// <summary>Reads an import body, JSON or CSV, into <see cref="ImportData"/>.</summary>
public static class ImportReader
{
    public const string JsonMediaType = "application/json";
    public const string CsvMediaType = "text/csv";

    /// <summary>
    /// Unknown properties are refused: a misspelt field would otherwise be cleared without a word. Numbers are JSON
    /// numbers: the web defaults would also read "90" as 90, and a value of the wrong JSON type is a 400.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private const string Nothing = "The body has no companies, projects, tasks or time entries to import.";

    public static async Task<ImportData> ReadJsonAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await EnsureNotEmptyAsync(body, cancellationToken);
        ImportRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<ImportRequest>(body, JsonOptions, cancellationToken);
        }
        catch (JsonException json)
        {
            throw ImportFormatException.BadRequest(
                $"The body is not a valid import at {json.Path ?? "$"} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}): "
                + "invalid JSON, an unknown property or a value of the wrong type. Expected "
                + "{\"companies\": [...], \"projects\": [...], \"tasks\": [...], \"timeEntries\": [...]} as the OpenAPI document describes.");
        }

        var data = request is null ? null : ImportData.FromJson(request);
        return data is null || data.IsEmpty ? throw ImportFormatException.BadRequest(Nothing) : data;
    }

    public static async Task<ImportData> ReadCsvAsync(PipeReader body, CancellationToken cancellationToken)
    {
        await EnsureNotEmptyAsync(body, cancellationToken);
        using var text = new StreamReader(body.AsStream(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var csv = new CsvRecords(text);
        if (await csv.ReadAsync(cancellationToken) is not { } header)
        {
            throw ImportFormatException.BadRequest("The body is empty.");
        }

        var columns = CsvFormat.ReadHeader(header.Fields);
        var lines = new List<ImportLine>();
        while (await csv.ReadAsync(cancellationToken) is { } record)
        {
            if (record.Fields is [""])
            {
                continue;
            }

            lines.Add(CsvFormat.ReadLine(record.Line, record.Fields, columns));
        }

        return lines.Count == 0
            ? throw ImportFormatException.BadRequest("The file has a header but no lines to import.")
            : new ImportData { Lines = lines, Partial = true, FieldName = CsvFormat.ColumnOf, RowWord = "line" };
    }

    private static async Task EnsureNotEmptyAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var read = await body.ReadAsync(cancellationToken);
        var empty = read.Buffer.IsEmpty && read.IsCompleted;
        body.AdvanceTo(read.Buffer.Start);
        if (empty)
        {
            throw ImportFormatException.BadRequest("The body is empty.");
        }
    }
}

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
        string? Raw(string column) => !malformed && columns.TryGetValue(column, out var index) ? fields[index] : null;
        string? Cell(string column) => ApiSupport.Clean(Raw(column));
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
}

/// <summary>RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.</summary>
internal sealed class CsvRecords(TextReader reader)
{
    private int _line;

    /// <summary>The next record and the line it starts on (1-based), or null at the end.</summary>
    public async Task<(int Line, List<string> Fields)?> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await reader.ReadLineAsync(cancellationToken);
        if (text is null)
        {
            return null;
        }

        var start = ++_line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var position = 0;
        while (true)
        {
            if (position >= text.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return (start, fields);
                }

                // A line break inside quotes belongs to the field.
                text = await reader.ReadLineAsync(cancellationToken)
                    ?? throw ImportFormatException.BadRequest($"Line {start}: a quoted field is not closed before the end of the file.");
                _line++;
                field.Append('\n');
                position = 0;
                continue;
            }

            var c = text[position++];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (position < text.Length && text[position] == '"')
                {
                    field.Append('"');
                    position++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else
            {
                field.Append(c);
            }
        }
    }
}
