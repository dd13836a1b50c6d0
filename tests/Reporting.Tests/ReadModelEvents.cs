using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Consumers;
using Clearhours.Reporting.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Tests;

/// <summary>Delivers events to the read model consumers as the bus would: one new DbContext per delivery.</summary>
public sealed class ReadModelEvents(string connectionString)
{
    public static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public ReportingDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql(connectionString).Options);

    public async Task DeliverAsync(object message)
    {
        await using var db = NewDbContext();
        var task = message switch
        {
            CompanyChanged m => new CompanyChangedConsumer(db).Consume(FakeConsumeContext.For(m)),
            ProjectChanged m => new ProjectChangedConsumer(db).Consume(FakeConsumeContext.For(m)),
            TaskChanged m => new TaskChangedConsumer(db).Consume(FakeConsumeContext.For(m)),
            TimeEntryRecorded m => new TimeEntryRecordedConsumer(db).Consume(FakeConsumeContext.For(m)),
            TimeEntryChanged m => new TimeEntryChangedConsumer(db).Consume(FakeConsumeContext.For(m)),
            TimeEntryRemoved m => new TimeEntryRemovedConsumer(db).Consume(FakeConsumeContext.For(m)),
            _ => throw new ArgumentException($"No consumer for {message.GetType().Name}."),
        };
        await task;
    }

    public async Task DeliverAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await DeliverAsync(message);
        }
    }

    // ---- Event builders with sensible defaults ----

    public static CompanyChanged Company(Guid id, long version = 1, string name = "Acme", string currency = "EUR") =>
        new(id, version, name, $"{name} Ltd", null, null, null, "billing@example.com", currency, 30, At);

    public static ProjectChanged Project(
        Guid id, Guid companyId, long version = 1, string currency = "EUR", IReadOnlyList<ProjectRate>? rates = null,
        RoundingRule? rounding = null, IReadOnlyList<WorkTypeBillablePercent>? percents = null, string name = "Project") =>
        new(id, version, companyId, name, currency, rates ?? [new ProjectRate(null, null, 100m, new DateOnly(2026, 1, 1))],
            rounding ?? new RoundingRule("None", 0), percents ?? [], At);

    public static TaskChanged TaskEvent(
        Guid id, Guid projectId, Guid companyId, long version = 1, string workType = "Development", string status = "Done",
        int percent = 100, string title = "Task", string? key = null) =>
        new(id, version, projectId, companyId, title, workType, status, percent, null, null, key, key is null ? null : $"https://tracker/{key}",
            "Unbilled", At);

    public static TimeEntryRecorded Recorded(
        Guid id, Guid taskId, Guid projectId, Guid companyId, long version = 1, string person = "ann", DateOnly? date = null,
        int minutes = 60, string? comment = null) =>
        new(id, version, taskId, projectId, companyId, person, date ?? new DateOnly(2026, 11, 2), minutes, comment, null, At);

    public static TimeEntryChanged Changed(
        Guid id, Guid taskId, Guid projectId, Guid companyId, long version, string person = "ann", DateOnly? date = null,
        int minutes = 60, string? comment = null) =>
        new(id, version, taskId, projectId, companyId, person, date ?? new DateOnly(2026, 11, 2), minutes, comment, null, At);

    public static TimeEntryRemoved Removed(Guid id, Guid taskId, long version) => new(id, version, taskId, At);
}
