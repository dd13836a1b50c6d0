using System.Net;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Consumers;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Tasks.Tests;

/// <summary>A paid report (ReportPaid from Reporting) makes its time final and marks the tasks paid.</summary>
public sealed class PaymentTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string ReportNumber = "R-2026-0007";
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private TasksApp _app = null!;
    private CompanyDto _company = null!;
    private TaskDto _task = null!;

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        _company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(_company.Id);
        _task = await _app.CreateTaskAsync(project.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_paid_report_makes_its_entries_Paid_and_final()
    {
        var entry = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, entry);

        await _app.PayAsync(report, entry);

        var paid = await _app.GetEntryAsync(entry.Id);
        Assert.Equal((TimeEntryBillingState.Paid, report.ReportId, ReportNumber), (paid.BillingState, paid.ReportId, paid.ReportNumber));
        using var edit = await _app.UpdateEntryAsync(paid, 90);
        var problem = await TasksApp.ProblemAsync(edit, HttpStatusCode.Conflict);
        Assert.Equal(ReportNumber, problem.GetProperty("reportNumber").GetString());
        Assert.Contains("paid", problem.GetProperty("detail").GetString());
        using var delete = await _app.Manager.DeleteAsync($"/api/time-entries/{entry.Id}");
        await TasksApp.ProblemAsync(delete, HttpStatusCode.Conflict);
        Assert.Equal(60, (await _app.GetEntryAsync(entry.Id)).Minutes);
    }

    [Fact]
    public async Task A_cancellation_after_the_payment_does_not_unlock_paid_entries()
    {
        var entry = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, entry);
        await _app.PayAsync(report, entry);

        var cancelled = await _app.Bus.PublishAsync(new ReportCancelled(report.ReportId, ReportNumber, [entry.Id], DateTimeOffset.UtcNow));
        await _app.Factory.Consumed.WaitForAsync<ReportCancelled>(cancelled, 1);

        Assert.Equal(TimeEntryBillingState.Paid, (await _app.GetEntryAsync(entry.Id)).BillingState);
        await TasksApp.ProblemAsync(await _app.UpdateEntryAsync(entry, 90), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_task_whose_time_is_all_paid_becomes_Paid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var tuesday = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday, tuesday);

        await _app.PayAsync(report, monday, tuesday);

        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(_task.Id)).BillingState);
        var changed = await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == _task.Id && e.BillingState == "Paid");
        Assert.Equal((await _app.GetTaskAsync(_task.Id)).Version, changed.Version);
    }

    [Fact]
    public async Task A_task_with_paid_and_unbilled_time_becomes_PartlyPaid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday);

        await _app.PayAsync(report, monday);

        Assert.Equal(BillingState.PartlyPaid, (await _app.GetTaskAsync(_task.Id)).BillingState);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == _task.Id && e.BillingState == "PartlyPaid");
    }

    [Fact]
    public async Task Recording_new_time_on_a_paid_task_makes_it_PartlyPaid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday);
        await _app.PayAsync(report, monday);
        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(_task.Id)).BillingState);

        await _app.RecordAsync(_task.Id, "ann", Monday.AddDays(7), 30);

        Assert.Equal(BillingState.PartlyPaid, (await _app.GetTaskAsync(_task.Id)).BillingState);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == _task.Id && e.BillingState == "PartlyPaid");
    }

    [Fact]
    public async Task Removing_the_unbilled_time_of_a_partly_paid_task_makes_it_Paid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var unbilled = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday);
        await _app.PayAsync(report, monday);
        Assert.Equal(BillingState.PartlyPaid, (await _app.GetTaskAsync(_task.Id)).BillingState);

        await TasksApp.ExpectAsync(await _app.Manager.DeleteAsync($"/api/time-entries/{unbilled.Id}"), HttpStatusCode.NoContent);

        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(_task.Id)).BillingState);
    }

    [Fact]
    public async Task Moving_the_unbilled_time_of_a_partly_paid_task_to_another_task_makes_it_Paid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var unbilled = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday);
        await _app.PayAsync(report, monday);
        var other = await _app.CreateTaskAsync(_task.ProjectId, title: "Another task");

        await TasksApp.ExpectAsync(await _app.UpdateEntryAsync(unbilled, unbilled.Minutes, other.Id), HttpStatusCode.OK);

        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(_task.Id)).BillingState);
        Assert.Equal(BillingState.Unbilled, (await _app.GetTaskAsync(other.Id)).BillingState);
    }

    [Fact]
    public async Task A_redelivered_ReportPaid_has_one_effect()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var tuesday = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, monday, tuesday);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == _task.Id && e.BillingState == "InReport");
        var before = await _app.GetTaskAsync(_task.Id);
        var entryBefore = await _app.GetEntryAsync(monday.Id);

        var paid = new ReportPaid(report.ReportId, ReportNumber, [monday.Id, tuesday.Id], DateTimeOffset.UtcNow);
        var messageId = await _app.Bus.PublishAsync(paid);
        await _app.Bus.PublishAsync(paid, messageId);
        await _app.Factory.Consumed.WaitForAsync<ReportPaid>(messageId, 2);

        var after = await _app.GetTaskAsync(_task.Id);
        Assert.Equal((BillingState.Paid, before.Version + 1), (after.BillingState, after.Version));
        Assert.Equal(entryBefore.Version + 1, (await _app.GetEntryAsync(monday.Id)).Version);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == _task.Id && e.BillingState == "Paid");
        await Eventually.Async(async () => await _app.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync()) == false, "the outbox to drain");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_app.Bus.Events<TaskChanged>(e => e.TaskId == _task.Id && e.Version > before.Version));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.Consumer == nameof(ReportPaidConsumer))));
    }

    [Fact]
    public async Task Time_already_paid_stays_as_its_payment_settled_it_when_another_report_is_paid()
    {
        var monday = await _app.RecordAsync(_task.Id, "ann", Monday, 60);
        var tuesday = await _app.RecordAsync(_task.Id, "bob", Monday.AddDays(1), 30);
        var first = await _app.ApproveAsync(_company.Id, ReportNumber, monday);
        await _app.PayAsync(first, monday);
        var settled = await _app.GetEntryAsync(monday.Id);
        Task<DateTimeOffset?> MondayPaidAtAsync() =>
            _app.WithDbAsync(db => db.TimeEntries.Where(e => e.Id == monday.Id).Select(e => e.PaidAt).SingleAsync());
        var paidAt = await MondayPaidAtAsync();

        var second = new ReportPaid(Guid.NewGuid(), "R-2026-0008", [monday.Id, tuesday.Id], DateTimeOffset.UtcNow.AddDays(1), [monday.Id]);
        var messageId = await _app.Bus.PublishAsync(second);
        await _app.Factory.Consumed.WaitForAsync<ReportPaid>(messageId, 1);

        Assert.Equal(settled, await _app.GetEntryAsync(monday.Id));
        Assert.Equal(paidAt, await MondayPaidAtAsync());
        var paid = await _app.GetEntryAsync(tuesday.Id);
        Assert.Equal((TimeEntryBillingState.Paid, second.ReportId, "R-2026-0008", tuesday.Version + 1), (paid.BillingState, paid.ReportId, paid.ReportNumber, paid.Version));
        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(_task.Id)).BillingState);
    }

    [Fact]
    public async Task A_message_without_effect_on_unknown_entries_is_still_consumed_once()
    {
        var paid = new ReportPaid(Guid.NewGuid(), ReportNumber, [Guid.NewGuid()], DateTimeOffset.UtcNow);

        var messageId = await _app.Bus.PublishAsync(paid);
        await _app.Factory.Consumed.WaitForAsync<ReportPaid>(messageId, 1);

        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
        Assert.DoesNotContain(_app.Factory.Consumed.All, c => c.Error is not null);
    }
}
