using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Consumers;

/// <summary>
/// A report claimed time (or let some go): Tasks locks what it claims against edits, deletes and moves, unlocks what it
/// let go, and answers which entries it locked and which it could not.
/// </summary>
public sealed class ReportClaimsChangedConsumer(TasksDbContext db, TimeProvider time) : IConsumer<ReportClaimsChanged>
{
    public Task Consume(ConsumeContext<ReportClaimsChanged> context) =>
        db.ProcessOnceAsync(context, nameof(ReportClaimsChangedConsumer), async cancellationToken =>
        {
            var claims = context.Message;
            var now = time.GetUtcNow();
            var reportLock = await db.ReportLockOfAsync(claims.ReportId, claims.ReportNumber, cancellationToken);
            if (!reportLock.Accept(claims.ClaimVersion, now))
            {
                return;
            }

            var entries = await db.TimeEntries
                .Where(e => claims.TimeEntryIds.Contains(e.Id) || e.ReportId == claims.ReportId)
                .ToListAsync(cancellationToken);
            var refused = reportLock.Apply(claims.TimeEntryIds, entries, now);
            await db.RefreshBillingStatesAsync(entries.Select(e => e.TaskId), now, cancellationToken);
            db.AddEvent(new TimeLockConfirmed(claims.ReportId, claims.ClaimVersion, claims.TimeEntryIds.Count - refused.Count, refused, now));
        });
}

/// <summary>An approved report locks its time entries against edits (they are locked from the claim on already).</summary>
public sealed class ReportApprovedConsumer(TasksDbContext db, TimeProvider time) : IConsumer<ReportApproved>
{
    public Task Consume(ConsumeContext<ReportApproved> context) =>
        db.ProcessOnceAsync(context, nameof(ReportApprovedConsumer), async cancellationToken =>
        {
            var report = context.Message;
            var now = time.GetUtcNow();
            var entries = await db.TimeEntries.Where(e => report.TimeEntryIds.Contains(e.Id)).ToListAsync(cancellationToken);
            entries.ForEach(e => e.LockFor(report.ReportId, report.ReportNumber, now));
            await db.RefreshBillingStatesAsync(entries.Select(e => e.TaskId), now, cancellationToken);
        });
}

/// <summary>A cancelled report lifts the locks it holds.</summary>
public sealed class ReportCancelledConsumer(TasksDbContext db, TimeProvider time) : IConsumer<ReportCancelled>
{
    public Task Consume(ConsumeContext<ReportCancelled> context) =>
        db.ProcessOnceAsync(context, nameof(ReportCancelledConsumer), async cancellationToken =>
        {
            var report = context.Message;
            var now = time.GetUtcNow();
            (await db.ReportLockOfAsync(report.ReportId, report.ReportNumber, cancellationToken)).Release(now);
            var entries = await db.TimeEntries.Where(e => e.ReportId == report.ReportId).ToListAsync(cancellationToken);
            entries.ForEach(e => e.Unlock(report.ReportId, now));
            await db.RefreshBillingStatesAsync(entries.Select(e => e.TaskId), now, cancellationToken);
        });
}

/// <summary>
/// A paid report makes its entries final and marks their tasks paid (or partly paid); its 0 % entries are settled as
/// not billable rather than paid.
/// </summary>
public sealed class ReportPaidConsumer(TasksDbContext db, TimeProvider time) : IConsumer<ReportPaid>
{
    public Task Consume(ConsumeContext<ReportPaid> context) =>
        db.ProcessOnceAsync(context, nameof(ReportPaidConsumer), async cancellationToken =>
        {
            var report = context.Message;
            var now = time.GetUtcNow();
            var notBillable = report.NotBillableTimeEntryIds ?? [];
            var settled = report.TimeEntryIds.Concat(notBillable).ToList();
            var tasks = await db.TimeEntries.Where(e => settled.Contains(e.Id)).Select(e => e.TaskId).Distinct().ToListAsync(cancellationToken);
            if (notBillable.Count > 0)
            {
                await TimeEntry.SettleAsync(db.TimeEntries.Where(e => notBillable.Contains(e.Id)),
                    report.ReportId, report.ReportNumber, report.PaidAt, notBillable: true, now, cancellationToken);
            }

            // After the 0 % ones: an entry on both lists is settled as not billable, never paid.
            await TimeEntry.SettleAsync(db.TimeEntries.Where(e => report.TimeEntryIds.Contains(e.Id)),
                report.ReportId, report.ReportNumber, report.PaidAt, notBillable: false, now, cancellationToken);
            await db.RefreshBillingStatesAsync(tasks, now, cancellationToken);
        });
}

internal static class ReportLockRows
{
    /// <summary>What Tasks knows of a report's claims; a new row the first time the report is heard of.</summary>
    public static async Task<ReportLock> ReportLockOfAsync(this TasksDbContext db, Guid reportId, string reportNumber, CancellationToken cancellationToken)
    {
        if (await db.ReportLocks.SingleOrDefaultAsync(l => l.ReportId == reportId, cancellationToken) is { } found)
        {
            return found;
        }

        var created = ReportLock.For(reportId, reportNumber);
        db.ReportLocks.Add(created);
        return created;
    }
}
