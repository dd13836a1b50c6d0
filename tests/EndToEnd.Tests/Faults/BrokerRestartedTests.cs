using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// "Broker restarted": RabbitMQ stopped (SIGTERM, as an operator's restart does) and started again in the middle of a
/// flow of approvals and payments. Approvals made while it is down wait in Reporting's outbox; payments the outside
/// system could not publish are published again once it is back. Afterwards nothing lost, nothing applied twice,
/// every approval invoiced once, every outbox drained, every service Healthy again.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class BrokerRestartedTests(FaultSystemFixture system, ITestOutputHelper output)
{
    private const string Broker = "messaging";
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_broker_restarted_during_approvals_and_payments_loses_nothing_and_invoices_each_approval_once()
    {
        var flow = await FaultFlow.StartAsync(system, output, companies: 3, months: 2, sentMonths: 1, parts: 5, perSecond: 2);
        var (work, plan, burst, clock) = (flow.Work, flow.Plan, flow.Burst, flow.Clock);

        // Stop the broker once a quarter of the payments is applied: the rest is still to be published or consumed.
        await flow.UntilAppliedAsync(0.25);
        var stoppedAt = clock.Elapsed;
        var pid = await system.StopAsync(Broker, "TERM", TimeSpan.FromSeconds(60));
        output.WriteLine($"Broker (pid {pid}) stopped at {stoppedAt.TotalSeconds:F0} s with {burst.Published} of {burst.Count} published, {await flow.AppliedAsync()} applied.");

        // While it is down: the client approves the sent reports (Reporting needs only its database), and the services say
        // they cannot reach the broker.
        using var reporting = system.App.CreateHttpClient("reporting-api", "http");
        var approvals = new List<HttpStatusCode>();
        foreach (var sent in work.Sent)
        {
            approvals.Add(await IssuedInvoices.ApproveAsync(reporting, sent));
        }

        var healthWhileDown = await system.HealthAsync("billing-api", "Unhealthy", TimeSpan.FromSeconds(10));
        var dashboardWhileDown = await system.DashboardHealthAsync("billing-api", HealthStatus.Unhealthy, TimeSpan.FromSeconds(20));
        var stillDown = Down - (clock.Elapsed - stoppedAt);
        if (stillDown > TimeSpan.Zero)
        {
            await Task.Delay(stillDown);
        }

        var restartedIn = await system.StartAgainAsync(Broker, pid, TimeSpan.FromMinutes(3));
        output.WriteLine($"Broker down {(clock.Elapsed - stoppedAt - restartedIn).TotalSeconds:F0} s, Healthy again {restartedIn.TotalSeconds:F0} s after its start; " +
                         $"approvals while down: {string.Join(", ", approvals.Select(a => (int)a))}; Billing's /health while down: {healthWhileDown}.");

        await flow.Publishing;
        var accounting = await FaultAccounting.TakeAsync(system, work.Invoices, plan, burst, TimeSpan.FromMinutes(4));
        output.WriteLine(accounting.Line("Broker restarted", burst) + $" Total {clock.Elapsed.TotalSeconds:F0} s.");
        var dashboardAfter = await system.DashboardHealthAsync("billing-api", HealthStatus.Healthy, TimeSpan.FromSeconds(60));
        output.WriteLine($"Billing on the dashboard: {dashboardWhileDown} while the broker was down, {dashboardAfter} after.");

        // Each approval made while the broker was down is invoiced once, and its report is Invoiced.
        var invoiced = await flow.InvoicedSentReportsAsync();
        var manager = await system.StaffClientAsync("manager");
        var statuses = new List<string>();
        foreach (var sent in work.Sent)
        {
            var report = await Flows.EventuallyAsync(() => manager.GetFromJsonAsync<JsonElement>($"/api/reports/{sent.ReportId}"),
                r => r.GetProperty("status").GetString() == "Invoiced", "the report approved while the broker was down is Invoiced");
            statuses.Add(report.GetProperty("status").GetString()!);
        }

        Assert.All(approvals, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal("Unhealthy", healthWhileDown);
        Assert.Equal((HealthStatus.Unhealthy, HealthStatus.Healthy), (dashboardWhileDown, dashboardAfter));
        Assert.Equal(work.Sent.Select(s => s.ReportId).Order(), invoiced);
        Assert.All(statuses, s => Assert.Equal("Invoiced", s));
        accounting.AssertNothingLostOrDuplicated();
    }
}
