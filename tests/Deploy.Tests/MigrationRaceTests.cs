using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Clearhours.Persistence;
using Clearhours.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Clearhours.Deploy.Tests;

/// <summary>
/// Replicas of a service as Kubernetes starts them: separate processes of the built service against one real
/// PostgreSQL database, started together. Whatever the order, each migration is applied once and every process ends well.
/// </summary>
public sealed class MigrationRaceTests(ServersFixture servers, ITestOutputHelper output) : IClassFixture<ServersFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    public static TheoryData<string, string> Services => new()
    {
        { "Tasks", "tasksdb" },
        { "Reporting", "reportingdb" },
        { "Billing", "billingdb" },
        { "Documents", "documentsdb" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Two_replicas_starting_together_on_no_database_apply_each_migration_once(string service, string database)
    {
        // Not even the database exists: both find it missing, one creates it, both take the lock in turn.
        var connectionString = ConnectionString($"{database}_{Guid.NewGuid():N}"[..30]);
        var replicas = new[] { Replica.Start(service, database, connectionString, MigrationMode.Only), Replica.Start(service, database, connectionString, MigrationMode.Only) };

        await Replica.WaitAllAsync(replicas, Patience, output);

        var migrations = MigrationsOf(service);
        Assert.Equal(migrations, await AppliedAsync(connectionString));
        // EF logs each migration it applies: together the two processes applied each one exactly once.
        Assert.Equal(migrations.Count, replicas.Sum(r => Regex.Count(r.Output, "Applying migration '")));
    }

    [Fact]
    public async Task A_replica_waits_for_the_lock_and_a_waiting_pod_for_the_migrations()
    {
        var name = $"billingdb_{Guid.NewGuid():N}"[..30];
        var connectionString = ConnectionString(name);
        await using (var admin = new NpgsqlConnection(servers.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        // This connection holds the lock as a replica in the middle of its migrations would.
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({DatabaseMigrations.LockKey})");

        var replicas = new[]
        {
            Replica.Start("Billing", "billingdb", connectionString, MigrationMode.Only),
            Replica.Start("Billing", "billingdb", connectionString, MigrationMode.Only),
            Replica.Start("Billing", "billingdb", connectionString, MigrationMode.Wait),
        };
        try
        {
            var deadline = DateTime.UtcNow + Patience;
            while (await WaitingForTheLockAsync(holder, name) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the two replicas never asked for the lock:\n" + string.Join("\n", replicas.Select(r => r.Output)));
                Assert.DoesNotContain(replicas, r => r.HasExited);
                await Task.Delay(200);
            }

            // Both wait; nothing was migrated behind the lock; the init container waits too.
            Assert.DoesNotContain(replicas, r => r.HasExited);
            Assert.Empty(await AppliedAsync(connectionString));
        }
        finally
        {
            await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({DatabaseMigrations.LockKey})");
        }

        await Replica.WaitAllAsync(replicas, Patience, output);
        Assert.Equal(MigrationsOf("Billing"), await AppliedAsync(connectionString));
        Assert.Equal(MigrationsOf("Billing").Count, replicas.Sum(r => Regex.Count(r.Output, "Applying migration '")));
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(servers.PostgresAdminConnectionString) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>The migrations in the service's source, by id, in order.</summary>
    private static List<string> MigrationsOf(string service) =>
        [.. Directory.EnumerateFiles(Repository.PathOf($"src/Services/{service}/Infrastructure/Migrations"), "*.cs")
            .Select(file => Path.GetFileNameWithoutExtension(file))
            .Where(file => Regex.IsMatch(file, @"^\d{14}_\w+$"))
            .Order(StringComparer.Ordinal)];

    private static async Task<List<string>> AppliedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('\"__EFMigrationsHistory\"') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            return [];
        }

        await using var command = new NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var applied = new List<string>();
        while (await reader.ReadAsync())
        {
            applied.Add(reader.GetString(0));
        }

        return [.. applied.Order(StringComparer.Ordinal)];
    }

    private static async Task<long> WaitingForTheLockAsync(NpgsqlConnection connection, string database)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database " +
            "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = @database", connection);
        command.Parameters.AddWithValue("database", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One process of the built service, as a migration Job or an init container runs it.</summary>
    private sealed class Replica
    {
        private readonly Process process;
        private readonly StringBuilder log = new();

        private Replica(Process process) => this.process = process;

        public string Output
        {
            get
            {
                lock (log)
                {
                    return log.ToString();
                }
            }
        }

        public bool HasExited => process.HasExited;

        public static Replica Start(string service, string database, string connectionString, MigrationMode mode)
        {
            // The service as built beside this test (same configuration): bin/{Configuration}/net10.0 of its project.
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var folder = Repository.PathOf($"src/Services/{service}/bin/{output.Parent!.Name}/{output.Name}");
            var start = new ProcessStartInfo(System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(folder, $"Clearhours.{service}.dll"));
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment[$"ConnectionStrings__{database}"] = connectionString;
            // Read when the service is built, never connected to: a migration run does not start the bus.
            start.Environment["ConnectionStrings__messaging"] = "amqp://nobody:nothing@127.0.0.1:1/";
            start.Environment["Database__Migrations"] = mode.ToString();
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

            var replica = new Replica(new Process { StartInfo = start, EnableRaisingEvents = true });
            replica.process.OutputDataReceived += (_, line) => replica.Append(line.Data);
            replica.process.ErrorDataReceived += (_, line) => replica.Append(line.Data);
            replica.process.Start();
            replica.process.BeginOutputReadLine();
            replica.process.BeginErrorReadLine();
            return replica;
        }

        public static async Task WaitAllAsync(Replica[] replicas, TimeSpan patience, ITestOutputHelper output)
        {
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await Task.WhenAll(replicas.Select(r => r.process.WaitForExitAsync(timeout.Token)));
            }
            finally
            {
                foreach (var replica in replicas.Where(r => !r.HasExited))
                {
                    replica.process.Kill(entireProcessTree: true);
                }

                for (var i = 0; i < replicas.Length; i++)
                {
                    output.WriteLine($"--- replica {i + 1} ---\n{replicas[i].Output}");
                }
            }

            Assert.All(replicas, r => Assert.True(r.process.ExitCode == 0, $"a replica ended with {r.process.ExitCode}:\n{r.Output}"));
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }
}
