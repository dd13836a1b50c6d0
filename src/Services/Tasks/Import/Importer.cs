using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Tasks.Import;

public sealed class ImportOptions
{
    /// <summary>Rows of one kind written in one transaction.</summary>
    public int ChunkSize { get; init; } = 2000;

    /// <summary>Attempts of a chunk that lost a race with another writer (a concurrent edit or the same new external id).</summary>
    public int MaxAttempts { get; init; } = 3;
}

/// <summary>
/// Upserts companies, projects, tasks and time entries by external id, in that order, so that a row can name a
/// record of the file or of the database. Each kind goes in chunks: one query loads the chunk's existing records by
/// external id, another resolves the references the file does not hold, and one transaction writes the chunk's
/// changes with their outbox events (new rows by binary COPY, see <see cref="CopySave"/>).
/// </summary>
/// <remarks>
/// <para>
/// A row is all-or-nothing: it is checked completely (its fields, its references, the locks of billed time) before
/// its record is touched, and the record's change and its event are saved together. A chunk is one
/// transaction, which is enough: no row spans two chunks, so a failed chunk rolls back whole rows only, and it is then
/// replayed against the database as it is (a concurrent edit or a concurrent insert of the same external id), or the
/// import stops with the chunks before it committed. Importing the same file again then finishes the work, because
/// an import is idempotent: a record whose <c>Update</c> reports no change keeps its version and publishes nothing.
/// </para>
/// <para>
/// The context should be the importer's own: its change tracker is cleared after every chunk, which keeps the
/// change detection of a chunk proportional to the chunk, not to the file.
/// </para>
/// </remarks>
public sealed class Importer(TasksDbContext db, TimeProvider time, ImportOptions? options = null, ILogger? logger = null)
{
    private readonly TasksDbContext _db = db;
    private readonly ImportOptions _options = options ?? new ImportOptions();
    private readonly ILogger? _logger = logger;

    internal TasksDbContext Db => _db;

    internal TimeProvider Time { get; } = time;

    internal int ChunkSize => Math.Max(1, _options.ChunkSize);

    public async Task<ImportResult> ImportAsync(ImportData data, CancellationToken cancellationToken)
    {
        var autoDetect = _db.ChangeTracker.AutoDetectChangesEnabled;
        // Every Add would otherwise scan all tracked entities for changes; changes are detected once, before each save.
        _db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var run = new ImportRun(this, data, await Catalog.LoadAsync(_db, cancellationToken));
            await run.CompaniesAsync(cancellationToken);
            await run.ProjectsAsync(cancellationToken);
            await run.TasksAsync(cancellationToken);
            await run.TimeEntriesAsync(cancellationToken);
            return run.Result();
        }
        finally
        {
            _db.ChangeTracker.Clear();
            _db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Runs one chunk in one transaction and saves it, its new rows by COPY (<see cref="CopySave"/>). What the chunk
    /// found out (counts, rejected rows, the ids of its records) is kept only once it committed; a chunk that lost a
    /// race is run again from the database.
    /// </summary>
    internal async Task SaveChunkAsync(Func<ChunkOutcome, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = new ChunkOutcome();
            try
            {
                // A chunk may save twice (its entries before their tasks' billing states); both commit or neither.
                await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
                await work(outcome, cancellationToken);
                await SaveAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                outcome.Commit();
                return;
            }
            catch (DbUpdateException race) when (attempt < _options.MaxAttempts && IsRace(race))
            {
                _logger?.LogInformation("An import chunk met a concurrent change ({Error}); attempt {Attempt} again.", race.InnerException?.Message ?? race.Message, attempt + 1);
            }
            finally
            {
                _db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Saves what the chunk changed so far; unchanged rows were never tracked, so there may be nothing.</summary>
    internal async Task SaveAsync(CancellationToken cancellationToken)
    {
        // Added rows are written as they are: only the records the chunk edited in place have changes to find, and
        // scanning the thousands of new rows as well took about a sixth of a chunk's time in the process.
        foreach (var entry in _db.ChangeTracker.Entries().Where(e => e.State != EntityState.Added))
        {
            entry.DetectChanges();
        }

        if (_db.ChangeTracker.HasChanges())
        {
            await _db.SaveChangesWithCopyAsync(cancellationToken);
        }
    }

    private static bool IsRace(DbUpdateException error) =>
        error is DbUpdateConcurrencyException
        || error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected,
        };
}
