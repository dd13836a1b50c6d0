using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Import;

internal sealed partial class ImportRun
{
    /// <summary>
    /// Turns CSV lines into rows of each kind. A line is all-or-nothing too: a line that is wrong in itself, or whose
    /// company, project or task values contradict an earlier line, is rejected before it contributes anything.
    /// Values of one record given on several lines combine; the record's row is the first line that names it.
    /// </summary>
    private void MergeLines()
    {
        if (_merged || _input.Lines.Count == 0)
        {
            return;
        }

        _merged = true;
        var shared = _input.Lines.GroupBy(l => Text.Clean(l.Entry.ExternalId) ?? "", StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0 && g.Skip(1).Any())
            .ToDictionary(g => g.Key, g => Rows("line", g.Select(l => l.Line)), StringComparer.Ordinal);
        var companies = new Dictionary<string, ImportRow<CompanyImport>>(StringComparer.Ordinal);
        var projects = new Dictionary<string, ImportRow<ProjectImport>>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, ImportRow<TaskImport>>(StringComparer.Ordinal);
        var entries = new List<ImportRow<TimeEntryImport>>(_input.Lines.Count);
        foreach (var line in _input.Lines)
        {
            var reasons = new Reasons(ImportKinds.TimeEntry, _input.FieldName);
            if (line.Malformed)
            {
                _entries.Rejected.Add(new RejectedRow(ImportKinds.TimeEntry, line.Line, null, line.Errors));
                continue;
            }

            var externalId = ImportChecks.ExternalId(reasons, line.Entry.ExternalId);
            if (externalId is not null && shared.TryGetValue(externalId, out var others))
            {
                reasons.Add("externalId", $"{ImportChecks.Quote(externalId)} is used by {others}; none of them was imported.");
            }

            ImportChecks.TimeEntry(line.Entry, TimeEntry.Today(importer.Time), reasons);
            ImportChecks.ExternalId(reasons.As(ImportKinds.Company), line.Company.ExternalId);
            ImportChecks.ExternalId(reasons.As(ImportKinds.Project), line.Project.ExternalId);
            ImportChecks.ExternalId(reasons.As(ImportKinds.Task), line.Task.ExternalId);
            ImportChecks.Company(line.Company, reasons.As(ImportKinds.Company));
            ImportChecks.Project(line.Project, catalog, reasons.As(ImportKinds.Project));
            ImportChecks.Task(line.Task, catalog, reasons.As(ImportKinds.Task));
            var company = reasons.Any || line.Errors.Count > 0 ? null : Merge(companies, line.Line, line.Company, c => c.ExternalId!, CsvMerge.Company, reasons);
            var project = reasons.Any || line.Errors.Count > 0 ? null : Merge(projects, line.Line, line.Project, p => p.ExternalId!, CsvMerge.Project, reasons);
            var task = reasons.Any || line.Errors.Count > 0 ? null : Merge(tasks, line.Line, line.Task, t => t.ExternalId!, CsvMerge.Task, reasons);
            if (reasons.Any || line.Errors.Count > 0)
            {
                // A cell that could not be read is also empty to the checks: say only that it could not be read.
                var unreadable = line.Errors.Select(e => e[..(e.IndexOf(':') + 1)]).ToList();
                var said = line.Errors.Concat(reasons.List.Where(r => !unreadable.Any(u => r.StartsWith(u, StringComparison.Ordinal))));
                _entries.Rejected.Add(new RejectedRow(ImportKinds.TimeEntry, line.Line, externalId ?? Shortened(line.Entry.ExternalId),
                    [.. said.Distinct()]));
                continue;
            }

            companies[company!.Data.ExternalId!] = company;
            projects[project!.Data.ExternalId!] = project;
            tasks[task!.Data.ExternalId!] = task;
            entries.Add(new ImportRow<TimeEntryImport>(line.Line, line.Entry));
        }

        _data = new ImportData
        {
            Companies = [.. companies.Values.OrderBy(r => r.Row)],
            Projects = [.. projects.Values.OrderBy(r => r.Row)],
            Tasks = [.. tasks.Values.OrderBy(r => r.Row)],
            TimeEntries = entries,
            Partial = true,
            FieldName = _input.FieldName,
            RowWord = _input.RowWord,
        };
    }

    private ImportRow<T>? Merge<T>(
        Dictionary<string, ImportRow<T>> records, int line, T given, Func<T, string> key, Func<T, T, Action<string, string>, T> merge, Reasons reasons)
    {
        if (!records.TryGetValue(key(given), out var earlier))
        {
            return new ImportRow<T>(line, given);
        }

        var conflicts = new List<string>();
        var merged = merge(earlier.Data, given, (field, message) => conflicts.Add($"{_input.FieldName(KindOf<T>(), field)}: {message}"));
        reasons.AddRange(conflicts.Select(c => $"{c} (the {KindOf<T>()} first appears on line {earlier.Row})"));
        return conflicts.Count > 0 ? null : earlier with { Data = merged };
    }

    private static string KindOf<T>() =>
        typeof(T) == typeof(CompanyImport) ? ImportKinds.Company
        : typeof(T) == typeof(ProjectImport) ? ImportKinds.Project
        : ImportKinds.Task;
}
