using System.Net;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Documents;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Consumers;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// Documents' DocumentCreated and DocumentStatusChanged over the real bus: the manager's card lists every version with
/// its signing status, and the client's page offers the newest report, invoice and act through its link.
/// </summary>
public sealed class DocumentsOnTheCardTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Made = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "documents");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_invoice_and_its_act_start_Generated_with_their_invoice_and_every_version_is_listed_newest_first()
    {
        var card = await CardAsync();
        var invoiceId = Guid.NewGuid();
        var report = Created(card.Id, "report", "Отчёт R-1.pdf", Made);
        var invoice = Created(card.Id, "invoice", "Счёт INV-1.pdf", Made.AddMinutes(1), invoiceId);
        var act = Created(card.Id, "act", "Акт R-1.pdf", Made.AddMinutes(2), invoiceId);
        var regenerated = Created(card.Id, "invoice", "Счёт INV-1.pdf", Made.AddHours(1), invoiceId, version: 2);

        await DeliverAsync(report, invoice, act, regenerated);

        Assert.Equal(
            [
                new ReportDocument(regenerated.DocumentId, "invoice", "Счёт INV-1.pdf", regenerated.CreatedAt, invoiceId, 2, "Generated"),
                new ReportDocument(act.DocumentId, "act", "Акт R-1.pdf", act.CreatedAt, invoiceId, 1, "Generated"),
                new ReportDocument(invoice.DocumentId, "invoice", "Счёт INV-1.pdf", invoice.CreatedAt, invoiceId, 1, "Generated"),
                new ReportDocument(report.DocumentId, "report", "Отчёт R-1.pdf", report.CreatedAt, null, 1, null),
            ],
            (await _world.GetAsync(card.Id)).Documents);
    }

    [Fact]
    public async Task Each_signing_step_of_an_act_shows_on_the_card_with_how_it_was_signed_and_leaves_the_other_documents_as_they_were()
    {
        var card = await CardAsync();
        var invoiceId = Guid.NewGuid();
        var invoice = Created(card.Id, "invoice", "Счёт INV-2.pdf", Made, invoiceId);
        var act = Created(card.Id, "act", "Акт R-2.pdf", Made.AddMinutes(1), invoiceId);
        await DeliverAsync(invoice, act);

        await DeliverAsync(new DocumentStatusChanged(act.DocumentId, card.Id, "SentToClient", null, "accountant", Made.AddDays(1)));
        var sentToClient = Assert.Single((await _world.GetAsync(card.Id)).Documents, d => d.DocumentId == act.DocumentId);
        await DeliverAsync(new DocumentStatusChanged(act.DocumentId, card.Id, "Signed", "Скан акта R-2.pdf", "accountant", Made.AddDays(3)));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal(("SentToClient", (string?)null), (sentToClient.Status, sentToClient.StatusComment));
        var signed = Assert.Single(after.Documents, d => d.DocumentId == act.DocumentId);
        Assert.Equal(("Signed", "Скан акта R-2.pdf"), (signed.Status, signed.StatusComment));
        var untouched = Assert.Single(after.Documents, d => d.DocumentId == invoice.DocumentId);
        Assert.Equal(("Generated", (string?)null), (untouched.Status, untouched.StatusComment));
        await using var db = _world.NewDbContext();
        Assert.Equal(2, await db.Set<InboxMessage>().CountAsync(m => m.Consumer == nameof(DocumentStatusChangedConsumer)));
    }

    [Fact]
    public async Task An_act_signed_moments_after_it_was_sent_stays_Signed_when_the_sent_step_arrives_last()
    {
        var card = await CardAsync();
        var act = Created(card.Id, "act", "Акт R-4.pdf", Made, Guid.NewGuid());
        await DeliverAsync(act);

        await DeliverAsync(new DocumentStatusChanged(act.DocumentId, card.Id, "Signed", "Подписан у клиента", "accountant", Made.AddMinutes(2)));
        var signed = await _world.GetAsync(card.Id);
        await DeliverAsync(new DocumentStatusChanged(act.DocumentId, card.Id, "SentToClient", "By courier", "accountant", Made.AddMinutes(1)));

        var after = await _world.GetAsync(card.Id);
        var listed = Assert.Single(after.Documents);
        Assert.Equal(("Signed", "Подписан у клиента"), (listed.Status, listed.StatusComment));
        Assert.Equal(signed.Version, after.Version);
        await using var db = _world.NewDbContext();
        Assert.Equal(2, await db.Set<InboxMessage>().CountAsync(m => m.Consumer == nameof(DocumentStatusChangedConsumer)));
    }

    [Fact]
    public async Task A_status_change_that_arrives_before_its_document_changes_nothing_then_applies_once_the_document_is_listed()
    {
        var card = await CardAsync();
        var act = Created(card.Id, "act", "Акт R-3.pdf", Made, Guid.NewGuid());
        var before = await _world.GetAsync(card.Id);

        Assert.IsType<MessageNotReadyException>(await _world.App.Bus.DeliverFailingAsync(
            new DocumentStatusChanged(act.DocumentId, card.Id, "Signed", "Подписан у клиента", "accountant", Made.AddDays(1))));

        var waiting = await _world.GetAsync(card.Id);
        Assert.Equal((before.Version, 0), (waiting.Version, waiting.Documents.Count));
        await using (var db = _world.NewDbContext())
        {
            Assert.Equal(0, await db.Set<InboxMessage>().CountAsync(m => m.Consumer == nameof(DocumentStatusChangedConsumer)));
        }

        await DeliverAsync(act);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await _world.GetAsync(card.Id)).Documents.SingleOrDefault()?.Status != "Signed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var listed = Assert.Single((await _world.GetAsync(card.Id)).Documents);
        Assert.Equal((act.DocumentId, "Signed", "Подписан у клиента"), (listed.DocumentId, listed.Status, listed.StatusComment));
    }

    [Fact]
    public async Task The_clients_page_offers_the_newest_report_invoice_and_act_through_its_link_and_never_a_scan_or_an_attachment()
    {
        var (card, sent) = await ApprovedAsync();
        var empty = await _world.OpenedAsync(sent.Link.Token);
        var invoiceId = Guid.NewGuid();
        await DeliverAsync(Issued(card, invoiceId, "INV-3"));
        var report = Created(card.Id, "report", "Отчёт.pdf", Made);
        var report2 = Created(card.Id, "report", "Отчёт.pdf", Made.AddHours(1), version: 2);
        var invoice = Created(card.Id, "invoice", "Счёт INV-3.pdf", Made.AddMinutes(1), invoiceId);
        var act = Created(card.Id, "act", "Акт.pdf", Made.AddMinutes(2), invoiceId);
        var scan = Created(card.Id, "signed-scan", "scan.pdf", Made.AddDays(2), invoiceId);
        var attachment = Created(card.Id, "attachment", "notes.docx", Made.AddDays(3));

        await DeliverAsync(report, report2, invoice, act, scan, attachment);

        var page = await _world.OpenedAsync(sent.Link.Token);
        Assert.Equal((card.Id, card.Id), (empty.ReportId, page.ReportId));
        Assert.Empty(empty.Documents);
        Assert.Equal(
            [
                new PublicDocument(report2.DocumentId, "report", "Отчёт.pdf", 2, report2.CreatedAt,
                    $"/api/public/reports/{sent.Link.Token}/documents/{report2.DocumentId}"),
                new PublicDocument(act.DocumentId, "act", "Акт.pdf", 1, act.CreatedAt, $"/api/public/reports/{sent.Link.Token}/documents/{act.DocumentId}"),
                new PublicDocument(invoice.DocumentId, "invoice", "Счёт INV-3.pdf", 1, invoice.CreatedAt,
                    $"/api/public/reports/{sent.Link.Token}/documents/{invoice.DocumentId}"),
            ],
            page.Documents);
        Assert.Equal(6, (await _world.GetAsync(card.Id)).Documents.Count); // the staff card keeps them all
    }

    [Fact]
    public async Task A_cancelled_invoice_and_its_act_leave_the_clients_page_and_the_reissued_ones_take_their_place()
    {
        var (card, sent) = await ApprovedAsync();
        var (cancelled, reissued) = (Guid.NewGuid(), Guid.NewGuid());
        var report = Created(card.Id, "report", "Отчёт.pdf", Made);
        var oldInvoice = Created(card.Id, "invoice", "Счёт INV-4.pdf", Made.AddMinutes(1), cancelled);
        var oldAct = Created(card.Id, "act", "Акт.pdf", Made.AddMinutes(2), cancelled);
        await DeliverAsync(Issued(card, cancelled, "INV-4"), report, oldInvoice, oldAct);
        Assert.Equal([oldAct.DocumentId, oldInvoice.DocumentId, report.DocumentId], await OfferedAsync(sent.Link.Token));

        await DeliverAsync(new InvoiceCancelled(cancelled, "INV-4", card.Id, card.Number, "Wrong bank details", Made.AddDays(1), "КН-1"));
        var whileCancelled = await OfferedAsync(sent.Link.Token);
        var newInvoice = Created(card.Id, "invoice", "Счёт INV-5.pdf", Made.AddDays(1).AddMinutes(1), reissued);
        var newAct = Created(card.Id, "act", "Акт.pdf", Made.AddDays(1).AddMinutes(2), reissued);
        await DeliverAsync(Issued(card, reissued, "INV-5"), newInvoice, newAct);

        Assert.Equal([report.DocumentId], whileCancelled);
        Assert.Equal([newAct.DocumentId, newInvoice.DocumentId, report.DocumentId], await OfferedAsync(sent.Link.Token));
    }

    private async Task<ReportCard> CardAsync() => await _world.CreatedAsync(Request((await _world.SeedAsync()).Company));

    /// <summary>A report the client approved through its link, whose page stays open for its documents.</summary>
    private async Task<(ReportCard Card, SentReport Sent)> ApprovedAsync()
    {
        var card = await CardAsync();
        var sent = await _world.SendAsync(card.Id);
        await ReportingApp.ExpectAsync(
            await _world.ApproveResponseAsync(sent.Link.Token, "Cleo", "cleo@client.example", sent.Report.SnapshotHash!), HttpStatusCode.OK);
        return (await _world.GetAsync(card.Id), sent);
    }

    private async Task<List<Guid>> OfferedAsync(string token) => [.. (await _world.OpenedAsync(token)).Documents.Select(d => d.DocumentId)];

    private static InvoiceIssued Issued(ReportCard card, Guid invoiceId, string number) =>
        new(invoiceId, number, card.Id, card.Amount, card.Currency, new DateOnly(2026, 12, 31), Made);

    private static DocumentCreated Created(
        Guid reportId, string kind, string fileName, DateTimeOffset at, Guid? invoiceId = null, int version = 1) =>
        new(Guid.NewGuid(), reportId, kind, fileName, at, invoiceId, version);

    private async Task DeliverAsync(params object[] messages)
    {
        foreach (var message in messages)
        {
            await _world.App.Bus.DeliverAsync(message, Guid.NewGuid());
        }
    }
}
