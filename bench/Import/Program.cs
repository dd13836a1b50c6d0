using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Clearhours.Tasks.Import;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Clearhours.Bench.Import;

/// <summary>
/// Imports 100 000 generated time entries (with 50 companies, 200 projects, 5 000 tasks) through the Importer the
/// endpoint uses, twice, and compares with a raw binary COPY of the same rows.
/// </summary>
internal static class Program
{
    /// <summary>Targets of issue 14, in seconds.</summary>
    private const double FirstTarget = 10, SecondTarget = 2;

    private static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        using var postgres = await ServersFixture.StartDurablePostgresAsync();
        Console.WriteLine($"PostgreSQL: {postgres.Mode}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, chunk size {options.ChunkSize}, {options.Runs} runs, "
            + $"load average {LoadAverage()}");

        var set = DataSet.Generate(options.Companies, options.Projects, options.Tasks, options.Entries);
        var json = JsonSerializer.SerializeToUtf8Bytes(set.Request, ImportReader.JsonOptions);
        var csv = Encoding.UTF8.GetBytes(set.Csv);
        Console.WriteLine($"Data: {options.Companies} companies, {options.Projects} projects, {options.Tasks} tasks, {options.Entries} time entries; "
            + $"JSON {json.Length / 1024.0 / 1024:0.0} MiB, CSV {csv.Length / 1024.0 / 1024:0.0} MiB");

        var failures = new List<string>();
        var figures = new Dictionary<string, List<double>>();
        void Add(string what, double seconds) => (figures.TryGetValue(what, out var list) ? list : figures[what] = []).Add(seconds);
        for (var run = 1; run <= options.Runs; run++)
        {
            Console.WriteLine();
            Console.WriteLine($"Run {run} (load average {LoadAverage()})");
            foreach (var (format, body, mediaType, firstWhat, secondWhat) in new[]
            {
                ("JSON", json, ImportReader.JsonMediaType, JsonFirst, JsonSecond),
                ("CSV", csv, ImportReader.CsvMediaType, CsvFirst, CsvSecond),
            })
            {
                await using var database = await BenchDatabase.CreateAsync(postgres, $"bench_{format.ToLowerInvariant()}");
                // A running service has its EF model built and its connections open before the first import.
                await using (var warm = database.NewContext())
                {
                    await warm.Tasks.AnyAsync();
                }

                var first = await TimeImportAsync(database, body, mediaType, options);
                Expect(failures, $"run {run}, {format} first import", first.Result, created: true, options);
                Add(firstWhat, first.Seconds);
                var outboxAfterFirst = await database.CountAsync("outbox_messages");
                Expect(failures, $"run {run}, {format} outbox after first import", outboxAfterFirst, options.Companies + options.Projects + options.Tasks + options.Entries);

                var second = await TimeImportAsync(database, body, mediaType, options);
                Expect(failures, $"run {run}, {format} second import", second.Result, created: false, options);
                Add(secondWhat, second.Seconds);
                Expect(failures, $"run {run}, {format} outbox after second import", await database.CountAsync("outbox_messages"), outboxAfterFirst);
                Expect(failures, $"run {run}, {format} highest time entry version", await database.ScalarAsync<long>("SELECT max(\"Version\") FROM time_entries"), 1L);
                if (format == "JSON")
                {
                    Add(Copy, await TimeCopyAsync(database, set)); // once per run, beside the imports it is the baseline of
                }
            }
        }

        var load = LoadAverage();
        var copies = figures[Copy];
        Console.WriteLine();
        Console.WriteLine($"| {"what",-40} | {string.Join(" | ", Enumerable.Range(1, options.Runs).Select(r => $"run {r,2}"))} | median | × COPY |");
        foreach (var (what, runs) in figures)
        {
            Console.WriteLine($"| {what,-40} | {string.Join(" | ", runs.Select(r => $"{r,6:0.00}"))} | {BenchRow.MedianOf(runs),6:0.00} | "
                + $"{BenchRow.MedianOf(runs) / BenchRow.MedianOf(copies),6:0.0} |");
        }

        BenchRow Row(string what, double target, string why)
        {
            var runs = figures[what];
            var met = BenchRow.MedianOf(runs) <= target;
            var note = met ? "" : string.Create(CultureInfo.InvariantCulture,
                $"median {BenchRow.MedianOf(runs):0.00} s, {BenchRow.MedianOf(runs) - target:0.00} s over; {BenchRow.MedianOf(runs) / BenchRow.MedianOf(copies):0.0} × the COPY of the same runs; load average {load} on {Environment.ProcessorCount} cores; {why}");
            return new BenchRow($"import of {options.Entries} time entries, {what}", "s", runs, copies,
                $"Npgsql binary COPY of the same {options.Entries} entries", $"≤ {target:0} s", met, note);
        }

        const string Saving = "the new entries and their outbox rows go by binary COPY through both tables' indexes and the entries' "
            + "foreign key, which the baseline's bare table does not have (Import)";
        const string Reading = "a re-import only reads: each chunk's lookup of its entries and, for CSV, the reading and merging of "
            + "the lines, three quarters of that garbage collection over the lines kept to the end (Import: Where a CSV re-import's time goes)";
        BenchRow[] rows =
        [
            Row(JsonFirst, FirstTarget, Saving), Row(JsonSecond, SecondTarget, Reading),
            Row(CsvFirst, FirstTarget, Saving), Row(CsvSecond, SecondTarget, Reading),
        ];
        Console.WriteLine();
        await BenchResults.WriteAsync("import", rows);

        Console.WriteLine();
        foreach (var failure in failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        var missed = rows.Count(r => !r.Met);
        Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
        Console.WriteLine(missed == 0 ? "Every target met." : $"{missed} target(s) missed.");
        return failures.Count > 0 ? 2 : missed == 0 ? 0 : 1;
    }

    private const string JsonFirst = "JSON, first import (all created)";
    private const string JsonSecond = "JSON, second import (all unchanged)";
    private const string CsvFirst = "CSV, first import (all created)";
    private const string CsvSecond = "CSV, second import (all unchanged)";
    private const string Copy = "baseline: binary COPY of the entries";

    /// <summary>The 1, 5 and 15 minute load averages: the figures of a shared machine mean little without them.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Reads the body as the endpoint does and imports it with a context of its own, as a request would have.</summary>
    private static async Task<(ImportResult Result, double Seconds)> TimeImportAsync(
        BenchDatabase database, byte[] body, string mediaType, BenchOptions options)
    {
        var clock = Stopwatch.StartNew();
        var reader = PipeReader.Create(new MemoryStream(body));
        var data = mediaType == ImportReader.JsonMediaType
            ? await ImportReader.ReadJsonAsync(reader, CancellationToken.None)
            : await ImportReader.ReadCsvAsync(reader, CancellationToken.None);
        var read = clock.Elapsed.TotalSeconds;
        await using var db = database.NewContext();
        var result = await new Importer(db, TimeProvider.System, new ImportOptions { ChunkSize = options.ChunkSize })
            .ImportAsync(data, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        static string Show(ImportCounts c) => $"{c.Created}/{c.Updated}/{c.Unchanged}/{c.Rejected}";
        Console.WriteLine($"{mediaType,-16} {seconds,6:0.00} s (reading {read:0.00} s); created/updated/unchanged/rejected: companies {Show(result.Companies)}, "
            + $"projects {Show(result.Projects)}, tasks {Show(result.Tasks)}, time entries {Show(result.TimeEntries)}");
        return (result, seconds);
    }

    /// <summary>The floor: the same rows, binary COPY into a table shaped like time_entries without its keys and indexes.</summary>
    private static async Task<double> TimeCopyAsync(BenchDatabase database, DataSet set)
    {
        await using var connection = await database.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE copy_time_entries (LIKE time_entries INCLUDING DEFAULTS)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var taskIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await using (var tasks = new NpgsqlCommand("SELECT \"ExternalId\", \"Id\" FROM tasks", connection))
        await using (var rows = await tasks.ExecuteReaderAsync())
        {
            while (await rows.ReadAsync())
            {
                taskIds[rows.GetString(0)] = rows.GetGuid(1);
            }
        }

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY copy_time_entries (\"Id\", \"ExternalId\", \"TaskId\", \"Person\", \"WorkDate\", \"Minutes\", \"Comment\", \"Version\", \"UpdatedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var entry in set.Request.TimeEntries!)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(entry.ExternalId!, NpgsqlDbType.Varchar);
                await copy.WriteAsync(taskIds[entry.TaskExternalId!], NpgsqlDbType.Uuid);
                await copy.WriteAsync(entry.Person!, NpgsqlDbType.Varchar);
                await copy.WriteAsync(DateOnly.ParseExact(entry.WorkDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date);
                await copy.WriteAsync(entry.Minutes!.Value, NpgsqlDbType.Integer);
                if (entry.Comment is null)
                {
                    await copy.WriteNullAsync();
                }
                else
                {
                    await copy.WriteAsync(entry.Comment, NpgsqlDbType.Varchar);
                }

                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{"binary COPY",-16} {seconds,6:0.00} s  {await database.CountAsync("copy_time_entries")} rows");
        return seconds;
    }

    private static void Expect(List<string> failures, string what, ImportResult result, bool created, BenchOptions options)
    {
        (string Kind, ImportCounts Counts, int Expected)[] kinds =
        [
            ("companies", result.Companies, options.Companies),
            ("projects", result.Projects, options.Projects),
            ("tasks", result.Tasks, options.Tasks),
            ("time entries", result.TimeEntries, options.Entries),
        ];
        foreach (var (kind, counts, expected) in kinds)
        {
            var wanted = created ? new ImportCounts(expected, 0, 0, 0) : new ImportCounts(0, 0, expected, 0);
            Expect(failures, $"{what}: {kind}", counts, wanted);
        }
    }

    private static void Expect<T>(List<string> failures, string what, T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            failures.Add($"{what}: {actual}, expected {expected}");
        }
    }
}

internal sealed record BenchOptions(int Companies, int Projects, int Tasks, int Entries, int ChunkSize, int Runs)
{
    /// <summary>--entries N, --tasks N, --projects N, --companies N, --chunk N, --runs N.</summary>
    public static BenchOptions Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var at = Array.IndexOf(args, $"--{name}");
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(Value("companies", 50), Value("projects", 200), Value("tasks", 5_000), Value("entries", 100_000),
            Value("chunk", new ImportOptions().ChunkSize), Value("runs", 5));
    }
}

/// <summary>Deterministic data: every project, task and entry spread evenly over its parents.</summary>
internal sealed record DataSet(ImportRequest Request, string Csv)
{
    private static readonly string[] Currencies = ["EUR", "USD", "BYN", "PLN"];
    private static readonly string[] WorkTypes = ["Development", "Design", "Bug fixing", "Internal"];
    private static readonly string[] Statuses = ["Open", "In progress", "Done", "Closed"];

    public static DataSet Generate(int companyCount, int projectCount, int taskCount, int entryCount)
    {
        var random = new Random(20261128);
        var people = Enumerable.Range(1, 40).Select(i => $"person-{i:00}@agency.example").ToArray();
        var companies = Enumerable.Range(1, companyCount).Select(i => new CompanyImport(
            $"c-{i:000}", $"Client {i:000}", $"Client {i:000} Ltd", $"TAX{i:000000}", $"{i} Main Street", "Bank", $"ACC{i:0000000000}", "BANKBYXX",
            $"billing{i}@client.example", Currencies[i % Currencies.Length], 15 + i % 3 * 15)).ToList();
        var projects = Enumerable.Range(1, projectCount).Select(i => new ProjectImport(
            $"p-{i:0000}", companies[(i - 1) % companyCount].ExternalId, $"Project {i:0000}", companies[(i - 1) % companyCount].Currency,
            i % 3 == 0 ? "Up" : "None", i % 3 == 0 ? 15 : null, i % 4 == 0 ? [new BillablePercentImport("Bug fixing", 50)] : null)).ToList();
        var tasks = Enumerable.Range(1, taskCount).Select(i => new TaskImport(
            $"t-{i:00000}", projects[(i - 1) % projectCount].ExternalId, $"Task {i:00000}: {Words(random, 5)}", WorkTypes[i % WorkTypes.Length],
            Statuses[i % Statuses.Length], null, people[i % people.Length], null, $"KEY-{i}", $"https://planner.example/KEY-{i}")).ToList();
        var start = new DateOnly(2026, 1, 1);
        var entries = Enumerable.Range(1, entryCount).Select(i => new TimeEntryImport(
            $"e-{i:0000000}", tasks[random.Next(taskCount)].ExternalId, people[random.Next(people.Length)],
            start.AddDays(random.Next(330)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 15 * random.Next(1, 33),
            random.Next(3) == 0 ? null : Words(random, random.Next(2, 12)))).ToList();
        var request = new ImportRequest(companies, projects, tasks, entries);
        return new DataSet(request, ToCsv(request));
    }

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Lorem[random.Next(Lorem.Length)]));

    private static readonly string[] Lorem =
        ["layout", "api", "fix", "review", "deploy", "invoice", "sync", "report", "meeting", "tests", "migration", "cache", "design", "\"quoted\", text"];

    /// <summary>The same rows as CSV: every line carries its company, project and task.</summary>
    private static string ToCsv(ImportRequest request)
    {
        var companies = request.Companies!.ToDictionary(c => c.ExternalId!);
        var projects = request.Projects!.ToDictionary(p => p.ExternalId!);
        var tasks = request.Tasks!.ToDictionary(t => t.ExternalId!);
        var csv = new StringBuilder();
        csv.AppendLine("company_external_id,company_name,company_currency,project_external_id,project_name,task_external_id,task_title,"
            + "task_work_type,task_status,task_assignee,task_external_key,task_external_url,entry_external_id,person,work_date,minutes,comment");
        foreach (var e in request.TimeEntries!)
        {
            var task = tasks[e.TaskExternalId!];
            var project = projects[task.ProjectExternalId!];
            var company = companies[project.CompanyExternalId!];
            csv.AppendJoin(',', new[]
            {
                company.ExternalId, company.Name, company.Currency, project.ExternalId, project.Name, task.ExternalId, task.Title,
                task.WorkType, task.Status, task.Assignee, task.ExternalKey, task.ExternalUrl, e.ExternalId, e.Person, e.WorkDate,
                e.Minutes!.Value.ToString(CultureInfo.InvariantCulture), e.Comment,
            }.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
