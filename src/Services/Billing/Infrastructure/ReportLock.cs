using Microsoft.EntityFrameworkCore;

namespace Clearhours.Billing.Infrastructure;

public static class ReportLock
{
    /// <summary>
    /// Holds the report until the transaction ends. Its approval (issue an invoice unless it is cancelled) and its
    /// cancellation (remember it, cancel its live invoice) arrive on two queues; consumed at the same moment, each read
    /// the other's table before the other had committed, and a cancelled report kept a live invoice (the end-to-end race
    /// test caught it). Both take this lock before they look, so one applies after the other.
    /// </summary>
    public static async Task LockReportAsync(this BillingDbContext db, Guid reportId, CancellationToken cancellationToken)
    {
        // The random half of a version-7 id (its first half is the time it was made).
        var key = BitConverter.ToInt64(reportId.ToByteArray(), 8);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
    }
}
