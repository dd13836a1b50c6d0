using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

/// <summary>Tasks locked the report's time, or some of it: the card shows "locked in Tasks: n of n", a refusal notifies the manager.</summary>
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

            if (report.ConfirmLocks(confirmed))
            {
                var reasons = confirmed.Refused.GroupBy(r => r.Reason).Select(g => $"{g.Count()} {(g.Count() == 1 ? "entry" : "entries")}: {g.Key}");
                db.Notifications.Add(Notification.About(report, "lock-refused",
                    $"Tasks could not lock {confirmed.Refused.Count} of the time entries of {report.Number} ({string.Join("; ", reasons)}); " +
                    "exclude or refresh the lines before sending.", now, count: confirmed.Refused.Count));
            }
        });
}
