namespace Clearhours.Tasks.Import;

public static class ImportKinds
{
    public const string Company = "company";
    public const string Project = "project";
    public const string Task = "task";
    public const string TimeEntry = "timeEntry";
}

/// <summary>One row of the file and where it was (1-based position in its JSON list, or the CSV line).</summary>
public sealed record ImportRow<T>(int Row, T Data);

/// <summary>One line of a CSV file: a time entry with the task, project and company it names.</summary>
/// <param name="Errors">What could not be read on the line (numbers, each as "column: why"); the line is rejected with them.</param>
/// <param name="Malformed">The line does not have the header's fields: nothing else about it is worth saying.</param>
public sealed record ImportLine(
    int Line, CompanyImport Company, ProjectImport Project, TaskImport Task, TimeEntryImport Entry, IReadOnlyList<string> Errors,
    bool Malformed = false);

/// <summary>What the <see cref="Importer"/> imports: the rows of a JSON body, or the lines of a CSV file.</summary>
public sealed class ImportData
{
    public IReadOnlyList<ImportRow<CompanyImport>> Companies { get; init; } = [];
    public IReadOnlyList<ImportRow<ProjectImport>> Projects { get; init; } = [];
    public IReadOnlyList<ImportRow<TaskImport>> Tasks { get; init; } = [];
    public IReadOnlyList<ImportRow<TimeEntryImport>> TimeEntries { get; init; } = [];

    /// <summary>CSV lines; the importer turns them into rows of each kind.</summary>
    public IReadOnlyList<ImportLine> Lines { get; init; } = [];

    /// <summary>
    /// False (JSON): every row is a full record, a field left out is cleared, like a PUT. True (CSV): a field that is
    /// null keeps its current value, because the file carries only some fields of companies, projects and tasks.
    /// </summary>
    public bool Partial { get; init; }

    /// <summary>How the file names a field of a kind, for the reasons of rejected rows.</summary>
    public Func<string, string, string> FieldName { get; init; } = (_, field) => field;

    /// <summary>"row" (JSON lists) or "line" (CSV).</summary>
    public string RowWord { get; init; } = "row";

    public bool IsEmpty => Companies.Count == 0 && Projects.Count == 0 && Tasks.Count == 0 && TimeEntries.Count == 0 && Lines.Count == 0;

    public static ImportData FromJson(ImportRequest request) => new()
    {
        Companies = Number(request.Companies, () => new CompanyImport(null, null, null, null, null, null, null, null, null, null, null)),
        Projects = Number(request.Projects, () => new ProjectImport(null, null, null, null, null, null, null)),
        Tasks = Number(request.Tasks, () => new TaskImport(null, null, null, null, null, null, null, null, null, null)),
        TimeEntries = Number(request.TimeEntries, () => new TimeEntryImport(null, null, null, null, null, null)),
    };

    // A null in a list is a row with nothing in it: rejected for its missing fields like any other.
    private static List<ImportRow<T>> Number<T>(IReadOnlyList<T>? rows, Func<T> empty) where T : class =>
        rows is null ? [] : [.. rows.Select((row, index) => new ImportRow<T>(index + 1, row ?? empty()))];
}
