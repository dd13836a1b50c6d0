namespace Clearhours.Tasks.Import;

/// <summary>How the values of one record given on several CSV lines combine: an empty cell defers to the others, two values must agree.</summary>
internal static class CsvMerge
{
    public static CompanyImport Company(CompanyImport earlier, CompanyImport given, Action<string, string> conflict) => earlier with
    {
        Name = Pick(earlier.Name, given.Name, "name", conflict),
        Currency = Pick(earlier.Currency, given.Currency, "currency", conflict),
    };

    public static ProjectImport Project(ProjectImport earlier, ProjectImport given, Action<string, string> conflict)
    {
        Same(earlier.CompanyExternalId, given.CompanyExternalId, "companyExternalId", conflict);
        return earlier with
        {
            Name = Pick(earlier.Name, given.Name, "name", conflict),
            Currency = Pick(earlier.Currency, given.Currency, "currency", conflict),
        };
    }

    public static TaskImport Task(TaskImport earlier, TaskImport given, Action<string, string> conflict)
    {
        Same(earlier.ProjectExternalId, given.ProjectExternalId, "projectExternalId", conflict);
        return earlier with
        {
            Title = Pick(earlier.Title, given.Title, "title", conflict),
            WorkType = Pick(earlier.WorkType, given.WorkType, "workType", conflict),
            Status = Pick(earlier.Status, given.Status, "status", conflict),
            BillablePercent = Pick(earlier.BillablePercent, given.BillablePercent, "billablePercent", conflict),
            Assignee = Pick(earlier.Assignee, given.Assignee, "assignee", conflict),
            CompletedOn = Pick(earlier.CompletedOn, given.CompletedOn, "completedOn", conflict),
            ExternalKey = Pick(earlier.ExternalKey, given.ExternalKey, "externalKey", conflict),
            ExternalUrl = Pick(earlier.ExternalUrl, given.ExternalUrl, "externalUrl", conflict),
        };
    }

    private static void Same(string? earlier, string? given, string field, Action<string, string> conflict)
    {
        if (!string.Equals(earlier, given, StringComparison.Ordinal))
        {
            conflict(field, $"{ImportChecks.Quote(given)} here, {ImportChecks.Quote(earlier)} before");
        }
    }

    private static string? Pick(string? earlier, string? given, string field, Action<string, string> conflict)
    {
        if (earlier is not null && given is not null && !string.Equals(earlier, given, StringComparison.Ordinal))
        {
            conflict(field, $"{ImportChecks.Quote(given)} here, {ImportChecks.Quote(earlier)} before");
        }

        return earlier ?? given;
    }

    private static int? Pick(int? earlier, int? given, string field, Action<string, string> conflict)
    {
        if (earlier is not null && given is not null && earlier != given)
        {
            conflict(field, $"{given} here, {earlier} before");
        }

        return earlier ?? given;
    }
}
