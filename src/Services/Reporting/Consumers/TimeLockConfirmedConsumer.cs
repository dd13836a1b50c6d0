using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

/// <summary>
/// Tasks locked the report's time, or some of it: the card shows "locked in Tasks: n of n", a refusal notifies the manager;
/// time refused only because a report cancelled here still held it in Tasks is claimed again.
/// </summary>
public sealed class TimeLockConfirmedConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<TimeLockConfirmed>
{
    public Task Consume(ConsumeContext<TimeLockConfirmed> context) =>
        db.ProcessOnceAsync(context, nameof(TimeLockConfirmedConsumer), async cancellationToken =>
        {
            var confirmed = context.Message;
            var now = time.GetUtcNow();
            if (await db.Reports.SingleOrDefaultAsync(r => r.Id == confirmed.ReportId, cancellationToken) is not { } report)
            {
                return; // a claim is only ever made by a saved report; nothing else can answer here
            }

            var holders = confirmed.Refused.Select(r => r.HeldByReportNumber).OfType<string>().Distinct().ToList();
            var cancelledHere = await db.Reports.AsNoTracking()
                .Where(r => holders.Contains(r.Number) && r.Status == ReportStatus.Cancelled).Select(r => r.Number).ToListAsync(cancellationToken);
            var answer = report.ConfirmLocks(confirmed, cancelledHere.ToHashSet());
            if (answer == LockAnswer.ClaimAgain)
            {
                db.AddEvent(report.ClaimsChanged(now));
            }
            else if (answer == LockAnswer.Refused)
            {
                var reasons = confirmed.Refused.GroupBy(r => r.Reason).Select(g => $"{g.Count()} {(g.Count() == 1 ? "entry" : "entries")}: {g.Key}");
                db.Notifications.Add(Notification.About(report, "lock-refused",
                    $"Tasks could not lock {confirmed.Refused.Count} of the time entries of {report.Number} ({string.Join("; ", reasons)}); " +
                    "exclude or refresh the lines before sending.", now, count: confirmed.Refused.Count));
            }
        });
}
