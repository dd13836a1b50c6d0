using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Persistence;
using Clearhours.Reporting.Consumers;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Billing's events through the real bus, in the order a broker may deliver them rather than the one they were sent in.</summary>
public sealed class OutOfOrderBillingTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;
    private IHost _reporting = null!;

    public async Task InitializeAsync()
    {
        _world = await ReportsWorld.CreateAsync(servers, "outoforder");
        await using var db = _world.NewDbContext();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:reportingdb"] = db.Database.GetConnectionString(),
            ["ConnectionStrings:messaging"] = await servers.CreateVirtualHostAsync("outoforder"),
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
            ["Messaging:RedeliveryIntervals:0"] = "00:00:01",
            ["Messaging:RedeliveryIntervals:1"] = "00:00:02",
            ["Messaging:RedeliveryIntervals:2"] = "00:00:04",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddMessaging<ReportingDbContext>("reporting", bus =>
        {
            bus.AddConsumer<InvoiceIssuedConsumer>();
            bus.AddConsumer<InvoicePaidConsumer>();
        });
        _reporting = builder.Build();
        await _reporting.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _reporting.StopAsync();
        _reporting.Dispose();
    }

    [Fact]
    public async Task InvoicePaid_delivered_before_InvoiceIssued_waits_for_it_and_the_report_ends_Paid()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        var bus = _reporting.Services.GetRequiredService<IBus>();

        await bus.Publish(new InvoicePaid(Guid.NewGuid(), "INV-42", card.Id, ManualClock.Start));
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // its immediate retries are spent: it waits in a delay queue
        await bus.Publish(new InvoiceIssued(Guid.NewGuid(), "INV-42", card.Id, card.Amount, card.Currency,
            new DateOnly(2026, 12, 31), ManualClock.Start));

        var paid = await WaitUntilAsync(
            async db => (await db.Reports.AsNoTracking().SingleAsync(r => r.Id == card.Id)).Status == ReportStatus.Paid,
            TimeSpan.FromSeconds(30));
        Assert.True(paid, "The report never became Paid.");
        var report = await _world.GetAsync(card.Id);
        Assert.Equal(
            [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid],
            report.History.Skip(1).Select(h => h.To));
        Assert.Equal("INV-42", report.InvoiceNumber);
    }

    private async Task<bool> WaitUntilAsync(Func<ReportingDbContext, Task<bool>> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        do
        {
            await using var db = _world.NewDbContext();
            if (await condition(db))
            {
                return true;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return false;
    }
}
