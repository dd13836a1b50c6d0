using Clearhours.Reporting.Model;

namespace Clearhours.Reporting.Tests;

/// <summary>The kanban's arrows on the entity alone: every (from, to) pair, allowed or refused.</summary>
public sealed class ReportStatusMachineTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MovedAt = new(2026, 12, 2, 10, 30, 0, TimeSpan.Zero);

    private static readonly HashSet<(ReportStatus From, ReportStatus To)> Allowed =
    [
        (ReportStatus.Draft, ReportStatus.Sent),
        (ReportStatus.Draft, ReportStatus.Cancelled),
        (ReportStatus.Sent, ReportStatus.ChangesRequested),
        (ReportStatus.Sent, ReportStatus.Approved),
        (ReportStatus.Sent, ReportStatus.Cancelled),
        (ReportStatus.Sent, ReportStatus.Draft),
        (ReportStatus.ChangesRequested, ReportStatus.Draft),
        (ReportStatus.ChangesRequested, ReportStatus.Cancelled),
        (ReportStatus.Approved, ReportStatus.Invoiced),
        (ReportStatus.Approved, ReportStatus.Cancelled),
        (ReportStatus.Invoiced, ReportStatus.Paid),
        (ReportStatus.Invoiced, ReportStatus.Approved),
    ];

    public static TheoryData<ReportStatus, ReportStatus> AllPairs()
    {
        var data = new TheoryData<ReportStatus, ReportStatus>();
        foreach (var from in Enum.GetValues<ReportStatus>())
        {
            foreach (var to in Enum.GetValues<ReportStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void MoveTo_is_allowed_exactly_along_the_kanbans_arrows(ReportStatus from, ReportStatus to)
    {
        var report = ReportIn(from);
        var historyBefore = report.History.ToList();
        var (amountBefore, updatedBefore) = (report.Amount, report.UpdatedAt);

        if (Allowed.Contains((from, to)))
        {
            report.MoveTo(to, "carol", MovedAt, "why");

            Assert.Equal(to, report.Status);
            Assert.Equal(historyBefore.Count + 1, report.History.Count);
            Assert.Equal(historyBefore, report.History.Take(historyBefore.Count));
            Assert.Equal(new StatusChange(from, to, "carol", MovedAt, "why"), report.History[^1]);
            Assert.Equal(MovedAt, report.UpdatedAt);
            Assert.Contains(to, Report.AllowedFrom(from));
        }
        else
        {
            var refused = Assert.Throws<ReportTransitionException>(() => report.MoveTo(to, "carol", MovedAt));

            Assert.Equal((from, to), (refused.From, refused.To));
            Assert.Equal(from, report.Status);
            Assert.Equal(historyBefore, report.History);
            Assert.Equal((amountBefore, updatedBefore), (report.Amount, report.UpdatedAt));
            Assert.DoesNotContain(to, Report.AllowedFrom(from));
        }
    }

    [Fact]
    public void AllowedFrom_lists_exactly_the_arrows()
    {
        foreach (var from in Enum.GetValues<ReportStatus>())
        {
            Assert.Equal(
                Allowed.Where(a => a.From == from).Select(a => a.To).Order(),
                Report.AllowedFrom(from).Order());
        }
    }

    [Fact]
    public void A_new_report_starts_in_Draft_with_one_history_entry()
    {
        var report = NewReport();

        Assert.Equal(ReportStatus.Draft, report.Status);
        Assert.Equal([new StatusChange(null, ReportStatus.Draft, "manager", Created, null)], report.History);
    }

    /// <summary>A report walked along allowed arrows to <paramref name="status"/>.</summary>
    internal static Report ReportIn(ReportStatus status)
    {
        ReportStatus[] path = status switch
        {
            ReportStatus.Draft => [],
            ReportStatus.Sent => [ReportStatus.Sent],
            ReportStatus.ChangesRequested => [ReportStatus.Sent, ReportStatus.ChangesRequested],
            ReportStatus.Approved => [ReportStatus.Sent, ReportStatus.Approved],
            ReportStatus.Invoiced => [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced],
            ReportStatus.Paid => [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid],
            ReportStatus.Cancelled => [ReportStatus.Cancelled],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        var report = NewReport();
        var at = Created;
        foreach (var step in path)
        {
            at = at.AddHours(1);
            report.MoveTo(step, "manager", at);
        }

        Assert.Equal(status, report.Status);
        return report;
    }

    private static Report NewReport()
    {
        var line = new ReportLine(Guid.NewGuid(), "AC-1", "Task", null, "Development", 60, 100, 60, 1.00m, 100m, 100m, null, [Guid.NewGuid()]);
        return Report.Create("R-2026-0001", "Acme", Guid.NewGuid(), "Acme", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            new ReportFilters(null, null, null, null, null, null), "EUR", [line], "manager", Created);
    }
}
