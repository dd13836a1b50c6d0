using Microsoft.EntityFrameworkCore;

namespace Clearhours.Persistence;

public static class TransactionLocks
{
    /// <summary>
    /// Holds <paramref name="id"/> (a report, say) until the current transaction ends: whoever takes it next waits, then
    /// reads what this one committed. A PostgreSQL advisory lock, so the row need not exist yet.
    /// </summary>
    public static async Task LockForTransactionAsync(this DbContext db, Guid id, CancellationToken cancellationToken)
    {
        // The random half of a version-7 id (its first half is the time it was made).
        var key = BitConverter.ToInt64(id.ToByteArray(), 8);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }
}
