using System.Globalization;
using System.Net;
using System.Text.Json;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Documents;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Consumers;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The billing consumers (InvoiceIssued, InvoicePaid, DocumentCreated) behind the inbox, fed over the real bus, and the
/// manager's notifications over HTTP, against a real PostgreSQL.
/// </summary>
public sealed class BillingAndNotificationsTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset PaidAt = new(2026, 12, 20, 10, 0, 0, TimeSpan.Zero);

    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "billing");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- 1. InvoiceIssued ----

    [Fact]
    public async Task InvoiceIssued_for_an_approved_report_makes_it_Invoiced_once_even_when_delivered_twice()
    {
        var card = await ApprovedReportAsync();
        _world.Clock.Advance(TimeSpan.FromHours(1));
        var issued = Issued(card, "INV-2026-001");
        var messageId = Guid.NewGuid();

        await DeliverAsync(issued, messageId);
        var once = await _world.GetAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        await DeliverAsync(issued, messageId);

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Invoiced, "INV-2026-001"), (after.Status, after.InvoiceNumber));
        var moved = Assert.Single(after.History, h => h.To == ReportStatus.Invoiced);
        Assert.Equal(new StatusChange(ReportStatus.Approved, ReportStatus.Invoiced, "billing", once.History[^1].At, "INV-2026-001"), moved);
        Assert.Equal((once.Version, once.History.Count), (after.Version, after.History.Count));
        await using var db = _world.NewDbContext();
        var inbox = Assert.Single(await db.Set<InboxMessage>().AsNoTracking().ToListAsync());
        Assert.Equal((nameof(InvoiceIssuedConsumer), messageId), (inbox.Consumer, inbox.MessageId));
    }

    // ---- 2. InvoicePaid ----

    [Fact]
    public async Task InvoicePaid_makes_the_report_Paid_puts_ReportPaid_in_the_outbox_and_notifies_once()
    {
        var client = await _world.SeedAsync();
        var card = await ApprovedReportAsync(client);
        await DeliverAsync(Issued(card, "INV-7"), Guid.NewGuid());
        _world.Clock.Advance(TimeSpan.FromDays(3));
        var paid = new InvoicePaid(Guid.NewGuid(), "INV-7", card.Id, PaidAt);
        var messageId = Guid.NewGuid();

        await DeliverAsync(paid, messageId);
        await DeliverAsync(paid, messageId);

        var after = await _world.GetAsync(card.Id);
        Assert.Equal(ReportStatus.Paid, after.Status);
        Assert.Equal(new StatusChange(ReportStatus.Invoiced, ReportStatus.Paid, "billing", _world.Clock.Now, "INV-7"),
            Assert.Single(after.History, h => h.To == ReportStatus.Paid));

        await using var db = _world.NewDbContext();
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(ReportPaid).FullName + ",")).ToListAsync());
        var message = JsonSerializer.Deserialize<ReportPaid>(outbox.Body, MessageJson.Options)!;
        Assert.Equal((card.Id, card.Number, PaidAt), (message.ReportId, message.ReportNumber, message.PaidAt));
        Assert.Equal(client.Entries.Order(), message.TimeEntryIds.Order());

        var notification = Assert.Single(await db.Notifications.AsNoTracking().Where(n => n.Kind == "paid").ToListAsync());
        Assert.Equal((card.Id, card.Number, _world.Clock.Now, (DateTimeOffset?)null),
            (notification.ReportId, notification.ReportNumber, notification.CreatedAt, notification.ReadAt));
        Assert.Contains(card.Number, notification.Text, StringComparison.Ordinal);
        Assert.Contains(card.Amount.ToString("0.00", CultureInfo.InvariantCulture) + " EUR", notification.Text, StringComparison.Ordinal);
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.Consumer == nameof(InvoicePaidConsumer)));
    }

    [Fact]
    public async Task The_time_of_a_paid_report_never_appears_in_a_later_preview()
    {
        var client = await _world.SeedAsync();
        var card = await ApprovedReportAsync(client);
        await DeliverAsync(Issued(card, "INV-8"), Guid.NewGuid());
        await DeliverAsync(new InvoicePaid(Guid.NewGuid(), "INV-8", card.Id, PaidAt), Guid.NewGuid());
        Assert.Equal(ReportStatus.Paid, (await _world.GetAsync(card.Id)).Status);
        _world.Clock.Advance(TimeSpan.FromDays(30));

        var preview = await _world.PreviewEntriesAsync(client.Company);

        Assert.Empty(preview.Intersect(client.Entries));
        var claims = await _world.ClaimsAsync();
        Assert.All(client.Entries, e => Assert.Equal(card.Id, claims[e]));
    }

    // ---- 3. InvoicePaid out of order ----

    [Fact]
    public async Task InvoicePaid_for_a_report_that_is_only_Approved_is_not_ready_yet_and_changes_nothing()
    {
        var card = await ApprovedReportAsync();
        var before = await _world.GetAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        Assert.IsType<MessageNotReadyException>(
            await _world.App.Bus.DeliverFailingAsync(new InvoicePaid(Guid.NewGuid(), "INV-9", card.Id, PaidAt), Guid.NewGuid()));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Approved, before.Version, before.History.Count, (string?)null),
            (after.Status, after.Version, after.History.Count, after.InvoiceNumber));
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.Set<InboxMessage>().CountAsync());
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(ReportPaid).FullName + ",")));
        Assert.Equal(0, await db.Notifications.CountAsync());
    }

    // ---- 4. DocumentCreated ----

    [Fact]
    public async Task DocumentCreated_lists_the_document_once_even_when_the_same_document_comes_again_under_a_new_MessageId()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var document = new DocumentCreated(Guid.NewGuid(), card.Id, "report-pdf", "R-1.pdf", new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

        await DeliverAsync(document, Guid.NewGuid());
        await DeliverAsync(document, Guid.NewGuid());

        var after = await _world.GetAsync(card.Id);
        Assert.Equal(new ReportDocument(document.DocumentId, "report-pdf", "R-1.pdf", document.CreatedAt), Assert.Single(after.Documents));
    }

    // ---- 5. Notifications ----

    [Fact]
    public async Task Approving_and_requesting_changes_each_add_one_notification_naming_the_report()
    {
        var client = await _world.SeedAsync(name: "Acme");
        var other = await _world.SeedAsync(name: "Beta");
        var approved = await _world.CreatedAsync(Request(client.Company));
        var changed = await _world.CreatedAsync(Request(other.Company));
        var approvedLink = await SendAsync(approved.Id);
        var changedLink = await SendAsync(changed.Id);

        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await ApproveAsync(approvedLink.Link.Token, "Cleo", "cleo@client.example", approvedLink.Report.SnapshotHash!);
        var approvedAt = _world.Clock.Now;
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await RequestChangesAsync(changedLink.Link.Token, "Line 1 is too long.");

        await using var db = _world.NewDbContext();
        var all = await db.Notifications.AsNoTracking().OrderBy(n => n.CreatedAt).ToListAsync();
        Assert.Equal(2, all.Count);
        Assert.Equal((approved.Id, approved.Number, "approved", approvedAt), (all[0].ReportId, all[0].ReportNumber, all[0].Kind, all[0].CreatedAt));
        Assert.Contains(approved.Number, all[0].Text, StringComparison.Ordinal);
        Assert.Equal((changed.Id, changed.Number, "changes-requested", _world.Clock.Now), (all[1].ReportId, all[1].ReportNumber, all[1].Kind, all[1].CreatedAt));
        Assert.Contains(changed.Number, all[1].Text, StringComparison.Ordinal);
        Assert.Contains("Line 1 is too long.", all[1].Text, StringComparison.Ordinal);
        Assert.Equal(("Cleo <cleo@client.example>", (string?)null), (all[0].Who, all[0].Comment));
        Assert.Equal("Line 1 is too long.", all[1].Comment);
    }

    [Fact]
    public async Task A_clients_longest_comment_is_kept_whole_beside_a_notification_text_cut_to_fit()
    {
        var client = await _world.SeedAsync(name: "Acme");
        var changed = await _world.CreatedAsync(Request(client.Company));
        var link = await SendAsync(changed.Id);
        var comment = new string('я', 4000);

        await RequestChangesAsync(link.Link.Token, comment);

        await using var db = _world.NewDbContext();
        var notice = await db.Notifications.AsNoTracking().SingleAsync();
        Assert.Equal((comment, Notification.TextMaxLength), (notice.Comment, notice.Text.Length));
        Assert.EndsWith("…", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_list_newest_first_with_the_unread_count_and_can_be_marked_read_one_or_all()
    {
        var (first, second, third) = await ThreeNotificationsAsync();

        var page = await ListAsync(unreadOnly: null);
        Assert.Equal([third, second, first], page.Items.Select(n => n.Id));
        Assert.Equal((3, 1, 50, 3), (await UnreadAsync(), page.PageNumber, page.PageSize, page.Total));

        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        var readAt = _world.Clock.Now;
        await ReportingApp.ExpectAsync(await MarkReadAsync(second), HttpStatusCode.NoContent);
        page = await ListAsync(unreadOnly: null);
        Assert.Equal(2, await UnreadAsync());
        Assert.Equal([null, readAt, null], page.Items.Select(n => n.ReadAt));
        Assert.Equal([third, first], (await ListAsync(unreadOnly: true)).Items.Select(n => n.Id));

        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        await ReportingApp.ExpectAsync(await _world.Manager.PostAsync("/api/reports/notifications/read", null), HttpStatusCode.NoContent);

        page = await ListAsync(unreadOnly: null);
        Assert.Equal(0, await UnreadAsync());
        Assert.Equal([_world.Clock.Now, readAt, _world.Clock.Now], page.Items.Select(n => n.ReadAt));
        Assert.Empty((await ListAsync(unreadOnly: true)).Items);
    }

    [Fact]
    public async Task Marking_an_unknown_notification_read_is_a_404_and_marks_nothing()
    {
        await ThreeNotificationsAsync();

        await ReportingApp.ProblemAsync(await MarkReadAsync(Guid.NewGuid()), HttpStatusCode.NotFound);

        Assert.Equal(3, await UnreadAsync());
    }

    // ---- Helpers ----

    /// <summary>Three notifications a minute apart: an approval, a change request, a payment.</summary>
    private async Task<(Guid First, Guid Second, Guid Third)> ThreeNotificationsAsync()
    {
        var a = await _world.SeedAsync(name: "Acme");
        var b = await _world.SeedAsync(name: "Beta");
        var approved = await _world.CreatedAsync(Request(a.Company));
        var changed = await _world.CreatedAsync(Request(b.Company));
        var approvedLink = await SendAsync(approved.Id);
        var changedLink = await SendAsync(changed.Id);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await ApproveAsync(approvedLink.Link.Token, "Cleo", "cleo@client.example", approvedLink.Report.SnapshotHash!);
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await RequestChangesAsync(changedLink.Link.Token, "Too much.");
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        await DeliverAsync(Issued(approved, "INV-1"), Guid.NewGuid());
        await DeliverAsync(new InvoicePaid(Guid.NewGuid(), "INV-1", approved.Id, PaidAt), Guid.NewGuid());

        await using var db = _world.NewDbContext();
        var ids = await db.Notifications.AsNoTracking().OrderBy(n => n.CreatedAt).Select(n => n.Id).ToListAsync();
        Assert.Equal(3, ids.Count);
        return (ids[0], ids[1], ids[2]);
    }

    private async Task<ReportCard> ApprovedReportAsync(SeededClient? client = null)
    {
        client ??= await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        return await _world.GetAsync(card.Id);
    }

    private static InvoiceIssued Issued(ReportCard card, string number) =>
        new(Guid.NewGuid(), number, card.Id, card.Amount, card.Currency, new DateOnly(2026, 12, 31), ManualClock.Start);

    private Task DeliverAsync(object message, Guid messageId) => _world.App.Bus.DeliverAsync(message, messageId);

    private async Task<int> UnreadAsync() =>
        (await ReportingApp.ReadAsync<UnreadNotifications>(await _world.Manager.GetAsync("/api/reports/notifications/unread"), HttpStatusCode.OK)).Count;

    private async Task<Page<Notification>> ListAsync(bool? unreadOnly) =>
        await ReportingApp.ReadAsync<Page<Notification>>(
            await _world.Manager.GetAsync($"/api/reports/notifications{(unreadOnly is { } only ? $"?unreadOnly={only}" : "")}"), HttpStatusCode.OK);

    private Task<HttpResponseMessage> MarkReadAsync(Guid id) => _world.Manager.PostAsync($"/api/reports/notifications/{id}/read", null);

    private Task<SentReport> SendAsync(Guid id) => _world.SendAsync(id);

    private async Task ApproveAsync(string token, string name, string email, string hash) =>
        await ReportingApp.ExpectAsync(await _world.ApproveResponseAsync(token, name, email, hash), HttpStatusCode.OK);

    private async Task RequestChangesAsync(string token, string comment) =>
        await ReportingApp.ExpectAsync(await _world.RequestChangesResponseAsync(token, comment, [1], "Cleo"), HttpStatusCode.OK);
}
