using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearhours.LocalServers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Bench;

/// <summary>
/// TEST_POSTGRES when set (a user that may create databases), otherwise the installed PostgreSQL binaries run in a
/// temporary folder on a free port, with the production settings (fsync on), and stopped at the end. Compiled into
/// each benchmark with that service's DbContext.
/// </summary>
internal sealed class BenchPostgres<TDbContext> : IDisposable
    where TDbContext : DbContext
{
    private readonly string _adminConnectionString;
    private readonly Process? _process;
    private readonly string? _stateDirectory;
    private readonly ConcurrentQueue<string> _output = new();

    private BenchPostgres(string adminConnectionString, string description, Process? process, string? stateDirectory)
    {
        _adminConnectionString = adminConnectionString;
        Description = description;
        _process = process;
        _stateDirectory = stateDirectory;
    }

    public string Description { get; }

    public static BenchPostgres<TDbContext> Start()
    {
        if (Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } given)
        {
            return new BenchPostgres<TDbContext>(given, "TEST_POSTGRES", null, null);
        }

        var stateDirectory = Path.Combine(Path.GetTempPath(), $"clearhours-bench-{typeof(TDbContext).Name}-{Environment.ProcessId}");
        var port = ServerProbe.FreeTcpPort();
        var server = LocalPostgres.Prepare(stateDirectory, port);
        // SIGINT is PostgreSQL's fast shutdown; it also gets it if this process dies first.
        var command = server.Command.WithParentDeathSignal("INT");
        var start = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in command.Environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var postgres = new BenchPostgres<TDbContext>(server.ConnectionString("postgres"), $"local PostgreSQL on 127.0.0.1:{port} ({stateDirectory})",
            process, stateDirectory);
        process.OutputDataReceived += (_, e) => postgres.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => postgres.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return postgres;
    }

    public async Task WaitAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await ServerProbe.PostgresAnswersAsync(_adminConnectionString, CancellationToken.None))
        {
            if (_process is { HasExited: true } || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"PostgreSQL did not start. Its last output:\n{string.Join('\n', _output)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A new database with the service's migrations applied; dropped when disposed.</summary>
    public async Task<BenchDatabase<TDbContext>> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
        var database = new BenchDatabase<TDbContext>(connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            if (!_process.HasExited)
            {
                using var kill = Process.Start("kill", ["-s", "INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_stateDirectory!, recursive: true);
            }
            catch (IOException)
            {
                Console.WriteLine($"Could not delete {_stateDirectory}.");
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 60 && _output.TryDequeue(out _))
        {
        }
    }
}

internal sealed class BenchDatabase<TDbContext>(string connectionString, Func<Task> drop) : IAsyncDisposable
    where TDbContext : DbContext
{
    public TDbContext NewContext() =>
        (TDbContext)Activator.CreateInstance(typeof(TDbContext), new DbContextOptionsBuilder<TDbContext>().UseNpgsql(connectionString).Options)!;

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> CountAsync(string table) => (int)await ScalarAsync<long>($"SELECT count(*) FROM {table}");

    public ValueTask DisposeAsync() => new(drop());
}
