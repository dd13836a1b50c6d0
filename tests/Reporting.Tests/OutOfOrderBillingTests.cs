using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Billing's events through the real bus, in the order a broker may deliver them rather than the one they were sent in.</summary>
public sealed class OutOfOrderBillingTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "outoforder");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task InvoicePaid_delivered_before_InvoiceIssued_waits_for_it_and_the_report_ends_Paid()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);

        // Its immediate retries spent, it waits in a delay queue.
        Assert.IsType<MessageNotReadyException>(
            await _world.App.Bus.DeliverFailingAsync(new InvoicePaid(Guid.NewGuid(), "INV-42", card.Id, ManualClock.Start)));
        await _world.App.Bus.DeliverAsync(new InvoiceIssued(Guid.NewGuid(), "INV-42", card.Id, card.Amount, card.Currency,
            new DateOnly(2026, 12, 31), ManualClock.Start));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _world.GetAsync(card.Id)).Status != ReportStatus.Paid && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var report = await _world.GetAsync(card.Id);
        Assert.True(report.Status == ReportStatus.Paid, "The report never became Paid.");
        Assert.Equal(
            [ReportStatus.Sent, ReportStatus.Approved, ReportStatus.Invoiced, ReportStatus.Paid],
            report.History.Skip(1).Select(h => h.To));
        Assert.Equal("INV-42", report.InvoiceNumber);
    }
}
