namespace Clearhours.Reporting.Model;

/// <summary>Something a manager should hear about a report: approved, changes requested, paid.</summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ReportId { get; init; }
    public string ReportNumber { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }

    public static Notification About(Report report, string kind, string text, DateTimeOffset now) =>
        new() { ReportId = report.Id, ReportNumber = report.Number, Kind = kind, Text = text, CreatedAt = now };
}
