using Microsoft.EntityFrameworkCore;

namespace Clearhours.Messaging;

/// <summary>
/// Work whose transaction is undone whole. EF wraps every SaveChanges inside a transaction in a SAVEPOINT and a RELEASE,
/// two more round trips to PostgreSQL for each save, so that a failed save can be undone alone and the transaction go
/// on. The inbox, the outbox relay and Billing's payment intake never go on after a failed save (PostgreSQL has aborted
/// the transaction anyway): the attempt is rolled back whole, then retried or reported. Those savepoints were a third to
/// a half of the round trips of each consumed message.
/// </summary>
public static class WholeTransactions
{
    /// <summary>Runs <paramref name="work"/> with the context's saves taking no savepoint, then puts the setting back.</summary>
    public static async Task<T> WithoutSavepointsAsync<T>(this DbContext db, Func<Task<T>> work)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await work();
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }
}
