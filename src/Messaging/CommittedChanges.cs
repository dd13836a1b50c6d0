using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Clearhours.Messaging;

/// <summary>
/// Reports changes of a service's entities (its log line per state change, its business metrics) once they are
/// committed: what a save changes is read before it runs, while the original values are known, and reported after
/// the save, or after the commit of the transaction it ran in. A failed save or a rolled-back transaction reports
/// nothing, so a retried change is reported once. The same moments as <see cref="OutboxSignalInterceptor"/>.
/// </summary>
public abstract class CommittedChangesInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    /// <summary>What to report of the changes about to be saved, each run once they are committed.</summary>
    protected abstract IEnumerable<Action> Observe(ChangeTracker changes);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ReportUnlessInTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ReportUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // PostgreSQL aborts the whole transaction on a failed statement: nothing captured in it will commit.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Report(eventData.Context, eventData.TransactionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Report(eventData.Context, eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Keyed by the caller's transaction (null: none, so the save commits itself). What was captured in a transaction
    /// that ended without a commit or a rollback (disposed after an error) is dropped by the next capture.
    /// </summary>
    private void Capture(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var transaction = context.Database.CurrentTransaction?.TransactionId;
        var observed = Observe(context.ChangeTracker).ToList();
        if (!_pending.TryGetValue(context, out var pending) || pending.Transaction != transaction)
        {
            pending = new Pending(transaction);
            _pending.AddOrUpdate(context, pending);
        }

        pending.Reports.AddRange(observed);
    }

    private void ReportUnlessInTransaction(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Report(context, null);
        }
    }

    private void Report(DbContext? context, Guid? transaction)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending) && pending.Transaction == transaction)
        {
            _pending.Remove(context);
            foreach (var report in pending.Reports)
            {
                report();
            }
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private sealed record Pending(Guid? Transaction)
    {
        public List<Action> Reports { get; } = [];
    }
}
