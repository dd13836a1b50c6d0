using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Clearhours.Messaging;
using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Clearhours.Tasks.Infrastructure;

/// <summary>
/// SaveChanges for many new rows: the added tasks, time entries and outbox rows go to PostgreSQL by binary COPY, the
/// rest by SaveChanges, all in one transaction. An import of 100 000 entries writes 200 000 rows; as INSERTs they
/// took 80 % of its time, by COPY a fraction of it.
/// </summary>
/// <remarks>
/// The rows are written as SaveChanges would write them: every mapped column, from the EF model (names, store types,
/// value converters), with the values the entities hold, then the entries become Unchanged, as after a save, so their
/// version is the original value of a later edit's concurrency check. The transaction is the caller's when it has one
/// (its commit wakes the outbox relay, see <see cref="OutboxSignalInterceptor"/>), else one of its own. A row the
/// database refuses fails the save with a <see cref="DbUpdateException"/> around the PostgreSQL error, as SaveChanges
/// does, and leaves the entries Added.
/// </remarks>
public static class CopySave
{
    /// <summary>The kinds an import adds by the thousand, principals before their dependents.</summary>
    private static readonly Type[] Copied = [typeof(ProjectTask), typeof(TimeEntry), typeof(OutboxMessage)];

    private static readonly ConcurrentDictionary<IEntityType, CopyTable?> Tables = new();

    public static async Task<int> SaveChangesWithCopyAsync(this TasksDbContext db, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var batches = Batches(db);
        if (batches.Count == 0)
        {
            return await db.SaveChangesAsync(cancellationToken);
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var copied = new List<EntityEntry>();
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            foreach (var (table, entries) in batches)
            {
                await CopyAsync(connection, table, entries, cancellationToken);
                copied.AddRange(entries);
            }

            foreach (var entry in copied)
            {
                entry.State = EntityState.Unchanged;
            }

            var saved = await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return copied.Count + saved;
        }
        catch
        {
            // The transaction goes back whole: so do the entries, as after a failed SaveChanges.
            foreach (var entry in copied)
            {
                entry.State = EntityState.Added;
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The added entries to copy, per table. A kind is copied only when none of its principals has added rows left to
    /// SaveChanges, which inserts after the copy (a new task of a new project goes by SaveChanges, and so do its
    /// entries), and none of its rows is deleted in the same save (SaveChanges deletes before it inserts).
    /// </summary>
    private static List<(CopyTable Table, List<EntityEntry> Entries)> Batches(DbContext db)
    {
        var tracked = db.ChangeTracker.Entries().ToList();
        var added = tracked.Where(e => e.State == EntityState.Added)
            .GroupBy(e => e.Metadata).ToDictionary(g => g.Key, g => g.ToList());
        var deleted = tracked.Where(e => e.State == EntityState.Deleted).Select(e => e.Metadata).ToHashSet();
        var batches = new List<(CopyTable, List<EntityEntry>)>();
        var copiedTypes = new HashSet<IEntityType>();
        foreach (var type in Copied.Select(t => db.Model.FindEntityType(t)!))
        {
            if (!added.TryGetValue(type, out var entries) || deleted.Contains(type) || Tables.GetOrAdd(type, CopyTable.For) is not { } table)
            {
                continue;
            }

            var principals = type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type);
            if (principals.All(p => copiedTypes.Contains(p) || !added.ContainsKey(p)))
            {
                batches.Add((table, entries));
                copiedTypes.Add(type);
            }
        }

        return batches;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, CopyTable table, List<EntityEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await using var copy = await connection.BeginBinaryImportAsync(table.Command, cancellationToken);
            foreach (var entry in entries)
            {
                await copy.StartRowAsync(cancellationToken);
                var values = entry.CurrentValues;
                foreach (var column in table.Columns)
                {
                    await column.WriteAsync(copy, values[column.Property], cancellationToken);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }
        catch (DbException error)
        {
            throw new DbUpdateException($"An error occurred while copying the {table.Name} rows. See the inner exception for details.", error, entries);
        }
    }

    /// <summary>How one entity type goes by COPY: its table and its columns, in the model's order.</summary>
    private sealed record CopyTable(string Name, string Command, IReadOnlyList<CopyColumn> Columns)
    {
        /// <summary>
        /// Null for a type COPY cannot write as SaveChanges would: a value the database or EF generates on insert
        /// (COPY cannot read it back), owned or complex properties (JSON columns, other tables), inheritance.
        /// </summary>
        public static CopyTable? For(IEntityType type)
        {
            if (type.GetTableName() is not { } name || type.BaseType is not null || type.GetDirectlyDerivedTypes().Any()
                || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || type.GetComplexProperties().Any()
                || type.GetProperties().Any(p => p.ValueGenerated != ValueGenerated.Never))
            {
                return null;
            }

            var table = StoreObjectIdentifier.Table(name, type.GetSchema());
            var columns = type.GetProperties().Select(p => CopyColumn.For(p, p.GetColumnName(table)!)).ToList();
            var qualified = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(name)}" : Quote(name);
            var command = $"COPY {qualified} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
            return new CopyTable(name, command, columns);
        }

        private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";
    }

    /// <summary>One column: its property, its PostgreSQL type, the property's value converter.</summary>
    private sealed record CopyColumn(IProperty Property, string Name, Func<NpgsqlBinaryImporter, object?, CancellationToken, Task> Write)
    {
        private static readonly MethodInfo WriteTyped = typeof(CopyColumn).GetMethod(nameof(WriteValueAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

        public static CopyColumn For(IProperty property, string name)
        {
            var mapping = property.GetRelationalTypeMapping();
            var converter = mapping.Converter;
            var providerType = Nullable.GetUnderlyingType(converter?.ProviderClrType ?? property.ClrType) ?? converter?.ProviderClrType ?? property.ClrType;
            var storeType = mapping.StoreTypeNameBase;
            var write = WriteTyped.MakeGenericMethod(providerType)
                .CreateDelegate<Func<NpgsqlBinaryImporter, object, string, CancellationToken, Task>>();
            return new CopyColumn(property, name, (copy, value, ct) =>
                value is null ? copy.WriteNullAsync(ct) : write(copy, converter is null ? value : converter.ConvertToProvider(value)!, storeType, ct));
        }

        public Task WriteAsync(NpgsqlBinaryImporter copy, object? value, CancellationToken cancellationToken) => Write(copy, value, cancellationToken);

        // Typed, so Npgsql writes the value with the converter of its own type for the column's store type.
        private static Task WriteValueAsync<T>(NpgsqlBinaryImporter copy, object value, string storeType, CancellationToken cancellationToken) =>
            copy.WriteAsync((T)value, storeType, cancellationToken);
    }
}
