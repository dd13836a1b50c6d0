using Clearhours.Contracts.Tasks;
using Clearhours.Testing;

namespace Clearhours.Reporting.Tests;

/// <summary>Tasks' events, published on the service's bus one after another, each consumed before the next goes.</summary>
public sealed class ReadModelEvents(TestBus bus)
{
    public static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public Task DeliverAsync(object message) => bus.DeliverAsync(message);

    public async Task DeliverAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await bus.DeliverAsync(message);
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
