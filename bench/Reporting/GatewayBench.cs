using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Npgsql;

namespace Clearhours.Bench.Reporting;

/// <summary>
/// --gateway URL: the same measurement through the running system (`dotnet run --project AppHost`, local-binaries
/// mode). Fills the AppHost's own reportingdb (PostgreSQL on 127.0.0.1:55432, user clearhours, the password in
/// .state/postgres/password at the repository root), emptying its read model and reports first, then times the preview
/// and the board over HTTP through the gateway, with a manager token, against the raw SQL aggregate on that database.
/// </summary>
internal static class GatewayBench
{
    private const int AppHostPostgresPort = 55432;

    public static async Task<int> RunAsync(BenchOptions options, Uri gateway)
    {
        var connectionString = AppHostConnectionString();
        Console.WriteLine($"Gateway: {gateway}; PostgreSQL: the AppHost's reportingdb on 127.0.0.1:{AppHostPostgresPort}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {options.Runs} timed runs after {options.Warmup} warm-up runs");

        // One client, one pooled keep-alive connection to the gateway, as a browser tab would hold.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 1 })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using (var token = await http.PostAsJsonAsync("api/auth/token", new { userName = "manager", password = "manager-dev-password" }))
        {
            if (token.StatusCode != HttpStatusCode.OK)
            {
                Console.WriteLine($"The gateway refused the manager token: {(int)token.StatusCode} {await token.Content.ReadAsStringAsync()}");
                return 2;
            }

            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var failures = new List<string>();
        var database = new BenchDatabase(connectionString, () => Task.CompletedTask); // a dev database: left filled, never dropped
        Console.WriteLine("Emptying the read model and the reports (TRUNCATE … CASCADE), then filling them:");
        var data = await Program.FillAsync(options, database, truncateFirst: true);
        var months = Program.Months(options, data);

        // What each measured client-month must give: the raw aggregate, and the line count of the in-process preview.
        var expected = new Dictionary<(Guid, DateOnly, DateOnly), (int Tasks, int Entries, decimal Hours, int Lines)>();
        foreach (var m in months.Distinct())
        {
            var rows = await Program.RawAsync(database, m.Company, m.From, m.To);
            await using var db = database.NewContext();
            var (result, _) = await db.PreviewAsync(
                new PreviewCriteria(m.Company, m.From, m.To, new ReportFilters(null, null, null, null, null, null)), CancellationToken.None);
            expected[m] = (rows.Count, (int)rows.Sum(r => r.Count), Math.Round(rows.Sum(r => r.Minutes) / 60m, 2, MidpointRounding.AwayFromZero),
                result?.Lines.Count ?? -1);
        }

        // The first preview through the gateway since the service started (when nothing else asked for one before).
        var firstClock = System.Diagnostics.Stopwatch.StartNew();
        using (var firstResponse = await http.PostAsJsonAsync("api/reports/preview", PreviewBody(months[0])))
        {
            await firstResponse.Content.ReadAsByteArrayAsync();
        }

        var first = firstClock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"first preview through the gateway: {first:0.0} ms");

        var previewBytes = 0L;
        var boardAmount = await database.ScalarAsync<decimal>("SELECT sum(amount) FROM reports");
        var rounds = new List<(Timing Preview, Timing Raw, Timing Board)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"-- round {round} of {options.Rounds}");
            // (a) the preview through the gateway; the body is read whole inside the clock, parsed and checked after it.
            var preview = await Program.TimeAsync("preview", options, months, async (m, _) =>
            {
                using var response = await http.PostAsJsonAsync("api/reports/preview", PreviewBody(m));
                var body = await response.Content.ReadAsByteArrayAsync();
                var status = response.StatusCode;
                return () =>
                {
                    previewBytes = body.Length;
                    if (status != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"The preview answered {(int)status}: {System.Text.Encoding.UTF8.GetString(body)}");
                    }

                    using var json = JsonDocument.Parse(body);
                    var lines = json.RootElement.GetProperty("lines");
                    var want = expected[m];
                    Program.Expect(failures, $"gateway preview {m.Company} {m.From}: lines", lines.GetArrayLength(), want.Lines);
                    Program.Expect(failures, $"gateway preview {m.Company} {m.From}: entries",
                        lines.EnumerateArray().Sum(l => l.GetProperty("entryCount").GetInt32()), want.Entries);
                    Program.Expect(failures, $"gateway preview {m.Company} {m.From}: tasks",
                        lines.EnumerateArray().Select(l => l.GetProperty("taskId").GetGuid()).Distinct().Count(), want.Tasks);
                    Program.Expect(failures, $"gateway preview {m.Company} {m.From}: actual hours",
                        json.RootElement.GetProperty("totals").GetProperty("actualHours").GetDecimal(), want.Hours);
                };
            });

            // (b) the baseline: the same aggregate in one SQL statement, on the same database, from this process.
            var raw = await Program.TimeAsync("raw SQL", options, months, async (m, _) => await Program.RawAsync(database, m.Company, m.From, m.To));

            // (c) the board through the gateway.
            var board = await Program.TimeAsync("board", options, [0], async (_, _) =>
            {
                using var response = await http.GetAsync("api/reports/board");
                var body = await response.Content.ReadAsByteArrayAsync();
                var status = response.StatusCode;
                return () =>
                {
                    if (status != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"The board answered {(int)status}: {System.Text.Encoding.UTF8.GetString(body)}");
                    }

                    using var json = JsonDocument.Parse(body);
                    var columns = json.RootElement.EnumerateArray().ToList();
                    Program.Expect(failures, "gateway board columns", columns.Count, 7);
                    Program.Expect(failures, "gateway board count", columns.Sum(c => c.GetProperty("count").GetInt32()), options.Reports);
                    Program.Expect(failures, "gateway board amount",
                        columns.Sum(c => c.GetProperty("sums").EnumerateArray().Sum(s => s.GetProperty("amount").GetDecimal())), boardAmount);
                    Program.Expect(failures, "gateway board cards", columns.Sum(c => c.GetProperty("cards").GetArrayLength()), 7 * ReportsApi.BoardCardsPerColumn);
                };
            });
            rounds.Add((preview, raw, board));
        }

        var firstMonth = expected[months[0]];
        Console.WriteLine();
        Console.WriteLine($"One client-month: {firstMonth.Entries} time entries, {firstMonth.Lines} lines, a {previewBytes / 1024.0:0} KiB JSON answer. "
            + "Through the gateway: HTTP/1.1 keep-alive, bearer token, gateway → reporting-api hop.");
        var missed = await Program.ReportAsync("through the gateway", first, rounds,
            "Through the gateway: HTTP/1.1 keep-alive, bearer token, gateway → reporting-api hop.");

        if (options.Explain)
        {
            await Program.ExplainAsync(database, months[0]);
        }

        Console.WriteLine();
        foreach (var failure in failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        Console.WriteLine(failures.Count == 0 ? "All checks passed." : $"{failures.Count} check(s) failed.");
        return failures.Count > 0 ? 2 : missed ? 1 : 0;
    }

    private static object PreviewBody((Guid Company, DateOnly From, DateOnly To) m) => new
    {
        companyId = m.Company,
        from = m.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        to = m.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The AppHost's PostgreSQL (see src/LocalServers/LocalPostgres.cs), its password read from the repository's .state.</summary>
    private static string AppHostConnectionString()
    {
        var passwordFile = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory }
            .SelectMany(Ancestors)
            .Select(directory => Path.Combine(directory, ".state", "postgres", "password"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No .state/postgres/password above the current folder: run `dotnet run --project AppHost` (local-binaries mode) from the repository first.");
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = AppHostPostgresPort,
            Username = "clearhours",
            Password = File.ReadAllText(passwordFile).Trim(),
            Database = "reportingdb",
        }.ConnectionString;
    }

    private static IEnumerable<string> Ancestors(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
        {
            yield return at.FullName;
        }
    }
}
