using Clearhours.Billing.Model;
using Clearhours.Billing.Tests.Http;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Billing.Tests;

/// <summary>Tasks' CompanyChanged and Reporting's ReportApproved on the real bus, and the invoices Billing makes of them.</summary>
public sealed class InvoicingTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private BillingApp _app = null!;

    public async Task InitializeAsync() => _app = await BillingApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Approving_a_report_issues_one_invoice_with_the_clients_requisites_and_terms()
    {
        var company = Company(version: 1, name: "Northwind", paymentTermsDays: 14);
        await _app.Bus.DeliverAsync(company);
        var approved = Approved(company.CompanyId);

        await _app.Bus.DeliverAsync(approved);

        await using var db = _app.NewDbContext();
        var invoice = await db.Invoices.SingleAsync();
        Assert.Equal(("СЧ-2026-0001", PaymentReference.For(2026, 1), 1610.00m, "BYN", InvoiceStatus.Issued),
            (invoice.Number, invoice.PaymentReference, invoice.Total, invoice.Currency, invoice.Status));
        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 15)), (invoice.IssuedOn, invoice.DueOn));
        Assert.Equal((approved.ReportId, approved.ReportNumber, approved.CompanyId, approved.SnapshotHash),
            (invoice.ReportId, invoice.ReportNumber, invoice.CompanyId, invoice.SnapshotHash));
        Assert.Equal(new InvoiceClient("Northwind", "Northwind LLC", "190000001", "1 Main St, Minsk", "Belarusbank", "BY00AKBB0000", "AKBBBY2X"),
            invoice.Client);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (invoice.PeriodFrom, invoice.PeriodTo));
        Assert.Equal(approved.Invoice!.Lines.Select(l => new InvoiceLine(l.No, l.Description, l.BilledMinutes, l.Rate, l.Amount, l.Billable)),
            invoice.Lines);
        var issued = Assert.Single(await IssuedEventsAsync());
        Assert.Equal(new InvoiceIssued(invoice.Id, "СЧ-2026-0001", approved.ReportId, 1610.00m, "BYN", new DateOnly(2026, 12, 15), ManualClock.Start),
            issued with { Details = null });
    }

    [Fact]
    public async Task The_published_InvoiceIssued_carries_what_the_invoice_and_the_act_print()
    {
        var company = Company(version: 1, name: "Northwind", paymentTermsDays: 14);
        await _app.Bus.DeliverAsync(company);
        var approved = Approved(company.CompanyId);

        await _app.Bus.DeliverAsync(approved);

        var details = Assert.Single(await IssuedEventsAsync()).Details!;
        Assert.Equal(("R-2026-0007", new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), PaymentReference.For(2026, 1)),
            (details.ReportNumber, details.IssuedOn, details.From, details.To, details.PaymentReference));
        Assert.Equal(new InvoiceParty("Northwind", "Northwind LLC", "190000001", "1 Main St, Minsk", "Belarusbank", "BY00AKBB0000", "AKBBBY2X"),
            details.Client);
        Assert.Equal(
            [
                new IssuedLine(1, "NW-12 Checkout redesign", 600, 150m, 1500.00m, true),
                new IssuedLine(2, "NW-13 Internal sync", 120, 0m, 0m, false),
                new IssuedLine(4, "NW-14 Bug fixes", 60, 150m, 150.00m, true),
                new IssuedLine(5, "Discount agreed on the call", 0, 0m, -40.00m, true),
            ],
            details.Lines);
    }

    [Fact]
    public async Task The_same_approval_delivered_twice_under_two_message_ids_issues_one_invoice_and_one_InvoiceIssued()
    {
        var company = Company(version: 1);
        await _app.Bus.DeliverAsync(company);
        var approved = Approved(company.CompanyId);

        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await _app.Bus.DeliverAsync(approved, first);
        await _app.Bus.DeliverAsync(approved, second);

        await using var db = _app.NewDbContext();
        Assert.Equal(1, await db.Invoices.CountAsync(i => i.ReportId == approved.ReportId));
        Assert.Single(await IssuedEventsAsync());
        // Consumed as done, not failed and put off for a redelivery that would fail the same way.
        Assert.Empty(_app.Consumed.FailedAttemptsAt(first).Concat(_app.Consumed.FailedAttemptsAt(second)));
    }

    [Fact]
    public async Task An_approval_that_arrives_before_its_client_is_invoiced_once_the_client_is_known()
    {
        var company = Company(version: 1, paymentTermsDays: 30);
        var approved = Approved(company.CompanyId);
        var notReady = await _app.Bus.DeliverFailingAsync(approved);
        await _app.Bus.DeliverAsync(company);

        Assert.IsType<MessageNotReadyException>(notReady);
        var invoice = await InvoiceOfAsync(approved.ReportId);
        Assert.Equal(("Northwind", new DateOnly(2026, 12, 31)), (invoice.Client.Name, invoice.DueOn));
    }

    [Fact]
    public async Task An_approval_whose_lines_do_not_add_up_to_its_total_is_refused_and_invoiced_never()
    {
        var company = Company(version: 1);
        await _app.Bus.DeliverAsync(company);
        var approved = Approved(company.CompanyId);
        approved = approved with { Invoice = approved.Invoice! with { Total = 1600.00m } };

        var refused = await _app.Bus.DeliverFailingAsync(approved);

        Assert.Contains("1610", Assert.IsType<MessageRefusedException>(refused).Message);
        Assert.IsType<InvoiceRefusedException>(refused.InnerException);
        await ErrorQueueHoldsAsync("billing-report-approved", 1);
        await using var db = _app.NewDbContext();
        Assert.False(await db.Invoices.AnyAsync());
        Assert.Empty(await IssuedEventsAsync());
    }

    [Fact]
    public async Task A_client_keeps_the_newest_version_of_its_company_whatever_order_they_arrive_in()
    {
        var newer = Company(version: 3, name: "Northwind Trading", paymentTermsDays: 20);
        var older = newer with { Version = 2, Name = "Northwind", PaymentTermsDays = 10 };

        await _app.Bus.DeliverAsync(newer);
        await _app.Bus.DeliverAsync(older);

        await using var db = _app.NewDbContext();
        var client = await db.Clients.SingleAsync(c => c.CompanyId == newer.CompanyId);
        Assert.Equal((3L, "Northwind Trading", 20), (client.Version, client.Requisites.Name, client.PaymentTermsDays));
    }

    private static CompanyChanged Company(long version, string name = "Northwind", int paymentTermsDays = 14) =>
        new(Guid.NewGuid(), version, name, "Northwind LLC", "190000001", "1 Main St, Minsk",
            new BankDetails("Belarusbank", "BY00AKBB0000", "AKBBBY2X"), "billing@northwind.example", "BYN", paymentTermsDays,
            ManualClock.Start);

    /// <summary>Two priced lines, a 0 % line and an adjustment: 1500 + 0 + 150 − 40 = 1610.</summary>
    private static ReportApproved Approved(Guid companyId) =>
        new(Guid.NewGuid(), "R-2026-0007", companyId, new string('a', 64), [Guid.NewGuid(), Guid.NewGuid()], ManualClock.Start,
            new ApprovedInvoice(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "BYN", 1610.00m,
            [
                new ApprovedLine(1, "NW-12 Checkout redesign", 600, 150m, 1500.00m, true),
                new ApprovedLine(2, "NW-13 Internal sync", 120, 0m, 0m, false),
                new ApprovedLine(4, "NW-14 Bug fixes", 60, 150m, 150.00m, true),
                new ApprovedLine(5, "Discount agreed on the call", 0, 0m, -40.00m, true),
            ]));

    /// <summary>The report's invoice, waited for: a message put off for redelivery comes back within seconds.</summary>
    private async Task<Invoice> InvoiceOfAsync(Guid reportId)
    {
        var deadline = DateTime.UtcNow + ConsumeLog.Patience;
        while (true)
        {
            await using var db = _app.NewDbContext();
            if (await db.Invoices.SingleOrDefaultAsync(i => i.ReportId == reportId) is { } invoice)
            {
                return invoice;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Report {reportId} was never invoiced.");
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the queue's error queue holds <paramref name="count"/> messages (its retries take seconds).</summary>
    private async Task ErrorQueueHoldsAsync(string queue, uint count)
    {
        var broker = _app.Service.Services.GetRequiredService<BrokerAddress>();
        var deadline = DateTime.UtcNow + ConsumeLog.Patience;
        while ((await ErrorQueues.DepthsAsync(broker, [queue]))[queue] != count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{ErrorQueues.ErrorQueueOf(queue)} never held {count} message(s).");
            await Task.Delay(200);
        }
    }

    private async Task<List<InvoiceIssued>> IssuedEventsAsync()
    {
        await using var db = _app.NewDbContext();
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(InvoiceIssued).FullName + ",")).ToListAsync();
        return [.. rows.Select(m => System.Text.Json.JsonSerializer.Deserialize<InvoiceIssued>(m.Body, MessageJson.Options)!)];
    }
}
