using System.Net;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>
/// A paid report's 0 % lines (ReportPaid's NotBillableTimeEntryIds) settle their time as not billable: final, never
/// billed again, and not paid.
/// </summary>
public sealed class NotBillableTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string ReportNumber = "R-2026-0011";
    private static readonly DateOnly Monday = new(2026, 3, 2);

    private TasksApp _app = null!;
    private CompanyDto _company = null!;
    private ProjectDto _project = null!;

    public async Task InitializeAsync()
    {
        _app = await TasksApp.StartAsync(servers);
        _company = await _app.CreateCompanyAsync();
        _project = await _app.CreateProjectAsync(_company.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_zero_percent_entries_of_a_paid_report_become_NotBillable_and_final_not_Paid()
    {
        var work = await _app.CreateTaskAsync(_project.Id);
        var bug = await _app.CreateTaskAsync(_project.Id, workType: "Bug fixing", billablePercent: 0, title: "Fix the thing");
        var billed = await _app.RecordAsync(work.Id, "ann", Monday, 60);
        var free = await _app.RecordAsync(bug.Id, "ann", Monday, 45);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, billed, free);

        await _app.Bus.PublishAsync(new ReportPaid(report.ReportId, ReportNumber, [billed.Id], DateTimeOffset.UtcNow, [free.Id]));
        await _app.WaitForEntriesAsync(TimeEntryBillingState.NotBillable, free);
        await _app.WaitForEntriesAsync(TimeEntryBillingState.Paid, billed);

        var settled = await _app.GetEntryAsync(free.Id);
        Assert.Equal((TimeEntryBillingState.NotBillable, report.ReportId, ReportNumber), (settled.BillingState, settled.ReportId, settled.ReportNumber));
        var problem = await TasksApp.ProblemAsync(await _app.UpdateEntryAsync(settled, 90), HttpStatusCode.Conflict);
        Assert.Contains("not billable", problem.GetProperty("detail").GetString());
        Assert.Equal(BillingState.NotBillable, (await _app.GetTaskAsync(bug.Id)).BillingState);
        Assert.Equal(BillingState.Paid, (await _app.GetTaskAsync(work.Id)).BillingState);
        await _app.Bus.WaitForAsync<TaskChanged>(e => e.TaskId == bug.Id && e.BillingState == "NotBillable");

        var listed = await _app.ListEntriesAsync("billingState=NotBillable");
        Assert.Equal([free.Id], listed.Items.Select(e => e.Id));
        Assert.Equal([billed.Id], (await _app.ListEntriesAsync("billingState=Paid")).Items.Select(e => e.Id));

        // Final: a cancellation arriving later does not free it for another report.
        var cancelled = await _app.Bus.PublishAsync(new ReportCancelled(report.ReportId, ReportNumber, [billed.Id, free.Id], DateTimeOffset.UtcNow));
        await _app.Factory.Consumed.WaitForAsync<ReportCancelled>(cancelled, 1);
        Assert.Equal(TimeEntryBillingState.NotBillable, (await _app.GetEntryAsync(free.Id)).BillingState);
    }

    [Fact]
    public async Task A_task_with_time_settled_as_not_billable_and_new_unbilled_time_is_Unbilled()
    {
        var task = await _app.CreateTaskAsync(_project.Id, workType: "Bug fixing", billablePercent: 0);
        var free = await _app.RecordAsync(task.Id, "ann", Monday, 45);
        var report = await _app.ApproveAsync(_company.Id, ReportNumber, free);
        await _app.Bus.PublishAsync(new ReportPaid(report.ReportId, ReportNumber, [], DateTimeOffset.UtcNow, [free.Id]));
        await _app.WaitForEntriesAsync(TimeEntryBillingState.NotBillable, free);

        await _app.RecordAsync(task.Id, "ann", Monday.AddDays(7), 30);

        Assert.Equal(BillingState.Unbilled, (await _app.GetTaskAsync(task.Id)).BillingState);
    }
}
