using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The report's jsonb columns are tracked as records, not as JSON: a save writes exactly the columns whose value a change
/// replaced or added to. The change tracker alone decides, so no database is needed.
/// </summary>
public sealed class JsonColumnTrackingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_loaded_report_is_unchanged_and_a_change_marks_only_the_jsonb_columns_it_touched()
    {
        using var db = new ReportingDbContext(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql("Host=unused").Options);
        var report = ReportStatusMachineTests.ReportIn(ReportStatus.Invoiced);
        db.Attach(report);
        var entry = db.Entry(report);

        db.ChangeTracker.DetectChanges();
        var untouched = entry.State;

        report.RecordPayment(new ReportPayment(Guid.NewGuid(), "INV-1", "bank", 10m, Now, 90m), Now);
        db.ChangeTracker.DetectChanges();
        var afterPayment = ModifiedJsonColumns(entry);

        report.MoveTo(ReportStatus.Paid, "manager", Now);
        db.ChangeTracker.DetectChanges();
        var afterMove = ModifiedJsonColumns(entry);

        Assert.Equal(EntityState.Unchanged, untouched);
        Assert.Equal(["Payments"], afterPayment);
        Assert.Equal(["History", "Payments"], afterMove);
    }

    private static List<string> ModifiedJsonColumns(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Report> entry) =>
        [.. entry.Properties.Where(p => p.IsModified && p.Metadata.GetColumnType() == "jsonb").Select(p => p.Metadata.Name).Order()];
}
