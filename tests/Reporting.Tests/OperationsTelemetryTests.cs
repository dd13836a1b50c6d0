using System.Diagnostics.Metrics;
using System.Net;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>What an operator reads of Reporting: its log lines per state change and its metrics, after real operations.</summary>
public sealed class OperationsTelemetryTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "telemetry");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Each_state_change_of_a_report_is_one_log_line_with_its_number_and_a_paid_invoice_records_its_payment_to_paid_latency()
    {
        using var metrics = new MetricCapture(ReportingMetrics.MeterName, _world.App.Service.Services.GetRequiredService<IMeterFactory>());
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await _world.SendAsync(card.Id);
        await ReportingApp.ExpectAsync(
            await _world.ApproveResponseAsync(sent.Link.Token, "Cleo Client", "cleo@example.com", sent.Report.SnapshotHash!), HttpStatusCode.OK);
        await _world.App.Bus.DeliverAsync(new InvoiceIssued(Guid.NewGuid(), "INV-77", card.Id, card.Amount, card.Currency, new DateOnly(2026, 12, 31), _world.Clock.Now));
        var paid = new InvoicePaid(Guid.NewGuid(), "INV-77", card.Id, _world.Clock.Now.AddDays(-1), ReceivedAt: _world.Clock.Now.AddSeconds(-90));
        var messageId = Guid.NewGuid();
        await _world.App.Bus.DeliverAsync(paid, messageId);
        await _world.App.Bus.DeliverAsync(paid, messageId); // a redelivery: no change, no line, no second measurement

        var lines = _world.App.Logs.Lines.Where(l => l.Category == typeof(ReportChanges).FullName).ToList();
        Assert.Equal(
            [(null, "Draft"), ("Draft", "Sent"), ("Sent", "Approved"), ("Approved", "Invoiced"), ("Invoiced", "Paid")],
            lines.Select(l => (l.Property("FromStatus"), l.Property("ToStatus"))));
        Assert.All(lines, l => Assert.Equal((card.Number, card.Id.ToString()), (l.Property("ReportNumber"), l.Property("ReportId"))));
        Assert.Equal("INV-77", lines[^1].Property("InvoiceNumber"));
        Assert.DoesNotContain(_world.App.Logs.Lines, l => l.Everything.Contains("cleo@example.com", StringComparison.OrdinalIgnoreCase)
                                                          || l.Everything.Contains(sent.Link.Token, StringComparison.Ordinal));
        Assert.Equal(90, Assert.Single(metrics.Of("clearhours.payment.to_paid.duration")).Value);
    }

    [Fact]
    public async Task The_reports_gauge_counts_the_reports_in_each_status()
    {
        using var metrics = new MetricCapture(ReportingMetrics.MeterName, _world.App.Service.Services.GetRequiredService<IMeterFactory>());
        var client = await _world.SeedAsync();
        await _world.CreatedAsync(Request(client.Company, Nov1, new DateOnly(2026, 11, 6)));
        var sent = await _world.CreatedAsync(Request(client.Company, new DateOnly(2026, 11, 7), Nov30));
        await _world.SendAsync(sent.Id);

        await _world.App.Service.Services.GetServices<IHostedService>().OfType<ReportGauges>().Single().PollNowAsync(CancellationToken.None);

        var byStatus = metrics.Observe("clearhours.reports").ToDictionary(m => m.Tag("clearhours.report.status")!, m => m.Value);
        Assert.Equal(Enum.GetNames<ReportStatus>().Order(), byStatus.Keys.Order());
        Assert.Equal((1d, 1d, 0d, 0d), (byStatus["Draft"], byStatus["Sent"], byStatus["Approved"], byStatus["Paid"]));
    }
}
