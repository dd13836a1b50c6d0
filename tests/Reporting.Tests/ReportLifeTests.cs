using System.Net;
using System.Text.Json;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Reporting;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The report's life as agencies live it: recall, cancel with a reason (an approved one by an admin only), invoice
/// cancelled, reopen; every move keeps who and why. Over HTTP with each role's token and the real bus.
/// </summary>
public sealed class ReportLifeTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "life");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- Recall ----

    [Fact]
    public async Task Recalling_a_sent_report_returns_it_to_Draft_revokes_its_link_and_keeps_who_and_why()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var recalled = await ReportingApp.ReadAsync<ReportCard>(await RecallAsync(card.Id, "Wrong hours on line 2"), HttpStatusCode.OK);

        Assert.Equal(ReportStatus.Draft, recalled.Status);
        Assert.Equal(new StatusChange(ReportStatus.Sent, ReportStatus.Draft, "manager", _world.Clock.Now, "Wrong hours on line 2"), recalled.History[^1]);
        Assert.Equal(ReportStatus.Draft, (await _world.GetAsync(card.Id)).Status);
        await ReportingApp.ProblemAsync(await _world.OpenResponseAsync(sent.Link.Token), HttpStatusCode.NotFound);

        Assert.Equal(client.Entries.Order(), (await _world.ClaimsAsync()).Keys.Order()); // the draft still holds its time
        await ReportingApp.ExpectAsync(await _world.SendResponseAsync(card.Id), HttpStatusCode.OK); // and can be sent again
    }

    [Fact]
    public async Task Recalling_without_a_reason_is_a_400_and_recalling_a_draft_is_refused()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        await ReportingApp.FieldErrorsAsync(await RecallAsync(card.Id, " "));
        var refused = await RefusedMoveAsync(await RecallAsync(card.Id, "why not"));

        Assert.Equal((ReportStatus.Draft, ReportStatus.Draft), refused);
        Assert.Single((await _world.GetAsync(card.Id)).History);
    }

    // ---- Cancel ----

    [Fact]
    public async Task Cancelling_without_a_reason_is_a_400_and_changes_nothing()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        await ReportingApp.FieldErrorsAsync(await CancelAsync(card.Id, null, StaffRoles.Manager));
        await ReportingApp.FieldErrorsAsync(await CancelAsync(card.Id, "  ", StaffRoles.Manager));

        Assert.Equal(ReportStatus.Draft, (await _world.GetAsync(card.Id)).Status);
        Assert.Equal(client.Entries.Count, (await _world.ClaimsAsync()).Count);
    }

    [Fact]
    public async Task A_manager_may_not_cancel_an_approved_report_but_an_admin_may_with_a_reason_freeing_its_time()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);

        await ReportingApp.ProblemAsync(await CancelAsync(card.Id, "client went bankrupt", StaffRoles.Manager), HttpStatusCode.Forbidden);
        Assert.Equal(ReportStatus.Approved, (await _world.GetAsync(card.Id)).Status);
        Assert.Equal(client.Entries.Count, (await _world.ClaimsAsync()).Count);

        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        var cancelled = await ReportingApp.ReadAsync<ReportCard>(await CancelAsync(card.Id, "client went bankrupt", StaffRoles.Admin), HttpStatusCode.OK);

        Assert.Equal(new StatusChange(ReportStatus.Approved, ReportStatus.Cancelled, "admin", _world.Clock.Now, "client went bankrupt"),
            cancelled.History[^1]);
        Assert.Empty(await _world.ClaimsAsync());
        Assert.Equal(client.Entries.Order(), await _world.PreviewEntriesAsync(client.Company));
        await using var db = _world.NewDbContext();
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType.StartsWith(typeof(ReportCancelled).FullName + ",")).ToListAsync());
        var message = JsonSerializer.Deserialize<ReportCancelled>(outbox.Body, MessageJson.Options)!;
        Assert.Equal(card.Id, message.ReportId);
        Assert.Equal(client.Entries.Order(), message.TimeEntryIds.Order());
    }

    [Fact]
    public async Task Cancelling_an_invoiced_report_is_refused_even_for_an_admin_pointing_at_the_invoice()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        await DeliverAsync(new InvoiceIssued(Guid.NewGuid(), "INV-31", card.Id, card.Amount, "EUR", new DateOnly(2026, 12, 31), ManualClock.Start));

        var refused = (await ReportingApp.ProblemAsync(await CancelAsync(card.Id, "duplicate", StaffRoles.Admin), HttpStatusCode.Conflict))
            .GetProperty("detail").GetString();

        Assert.Contains("INV-31", refused, StringComparison.Ordinal);
        Assert.Contains("credit note", refused, StringComparison.Ordinal);
        Assert.Equal(ReportStatus.Invoiced, (await _world.GetAsync(card.Id)).Status);
        Assert.Equal(client.Entries.Count, (await _world.ClaimsAsync()).Count);
    }

    // ---- Invoice cancelled ----

    [Fact]
    public async Task InvoiceCancelled_returns_the_report_to_Approved_without_its_invoice_once_and_notifies_the_managers()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        await DeliverAsync(new InvoiceIssued(Guid.NewGuid(), "INV-40", card.Id, card.Amount, "EUR", new DateOnly(2026, 12, 31), ManualClock.Start));
        _world.Clock.Advance(TimeSpan.FromDays(2));
        var cancelled = new InvoiceCancelled(Guid.NewGuid(), "INV-40", card.Id, card.Number, "Wrong bank details", _world.Clock.Now, "CN-2026-001");
        var messageId = Guid.NewGuid();

        await DeliverAsync(cancelled, messageId);
        await DeliverAsync(cancelled, messageId);

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Approved, (string?)null), (after.Status, after.InvoiceNumber));
        var moved = Assert.Single(after.History, h => h.From == ReportStatus.Invoiced && h.To == ReportStatus.Approved);
        Assert.Equal(("billing", _world.Clock.Now), (moved.By, moved.At));
        Assert.Equal("Invoice INV-40 cancelled, credit note CN-2026-001: Wrong bank details", moved.Comment);
        await using var db = _world.NewDbContext();
        var notification = Assert.Single(await db.Notifications.AsNoTracking().ToListAsync());
        Assert.Equal((card.Id, "invoice-cancelled"), (notification.ReportId, notification.Kind));
        Assert.Contains("Wrong bank details", notification.Text, StringComparison.Ordinal);
        Assert.Equal(client.Entries.Count, (await _world.ClaimsAsync()).Count); // still approved: the time stays with it

        // Approved again, it can now be cancelled by an admin.
        await ReportingApp.ExpectAsync(await CancelAsync(card.Id, "client withdrew", StaffRoles.Admin), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_report_cancelled_before_its_invoice_was_recorded_stays_cancelled_when_Billing_issues_and_then_cancels_that_invoice()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        await ReportingApp.ExpectAsync(await CancelAsync(card.Id, "client withdrew", StaffRoles.Admin), HttpStatusCode.OK);

        await DeliverAsync(new InvoiceIssued(Guid.NewGuid(), "INV-42", card.Id, card.Amount, "EUR", new DateOnly(2026, 12, 31), ManualClock.Start));
        await DeliverAsync(new InvoiceCancelled(Guid.NewGuid(), "INV-42", card.Id, card.Number, $"Report {card.Number} was cancelled.", _world.Clock.Now, "CN-2026-002"));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Cancelled, (string?)null), (after.Status, after.InvoiceNumber));
        Assert.Equal(
            ["Invoice INV-42 was issued after the report was cancelled; Billing cancels it.", $"Invoice INV-42 cancelled, credit note CN-2026-002: Report {card.Number} was cancelled."],
            after.History.Where(h => h.From == ReportStatus.Cancelled && h.To == ReportStatus.Cancelled).Select(h => h.Comment));
        await using var db = _world.NewDbContext();
        var notification = Assert.Single(await db.Notifications.AsNoTracking().Where(n => n.Kind == "invoice-cancelled").ToListAsync());
        Assert.EndsWith("The report is Cancelled now.", notification.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvoiceCancelled_before_its_InvoiceIssued_is_not_ready_yet_and_changes_nothing()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        await _world.MoveAsync(card.Id, ReportStatus.Sent, ReportStatus.Approved);
        var before = await _world.GetAsync(card.Id);

        Assert.IsType<Clearhours.Messaging.MessageNotReadyException>(await _world.App.Bus.DeliverFailingAsync(
            new InvoiceCancelled(Guid.NewGuid(), "INV-41", card.Id, card.Number, "Wrong bank details", _world.Clock.Now, null)));

        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Approved, before.Version, before.History.Count), (after.Status, after.Version, after.History.Count));
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.Notifications.CountAsync());
    }

    // ---- Reopen ----

    [Fact]
    public async Task Reopening_after_a_change_request_keeps_the_clients_comment_in_the_history()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        await ReportingApp.ExpectAsync(await _world.RequestChangesResponseAsync(sent.Link.Token, "Line 1 is twice", [1], "Cleo"), HttpStatusCode.OK);

        await _world.ReopenAsync(card.Id);

        var history = (await _world.GetAsync(card.Id)).History;
        Assert.Equal((ReportStatus.ChangesRequested, "Line 1 is twice"), (history[^2].To, history[^2].Comment));
        Assert.Equal((ReportStatus.Draft, "manager"), (history[^1].To, history[^1].By));
        Assert.Contains("Line 1 is twice", history[^1].Comment, StringComparison.Ordinal);
    }

    // ---- Helpers ----

    private Task<SentReport> SendAsync(Guid id) => _world.SendAsync(id);

    private Task<HttpResponseMessage> RecallAsync(Guid id, string? reason) => _world.RecallResponseAsync(id, reason);

    private Task<HttpResponseMessage> CancelAsync(Guid id, string? reason, string role) => _world.CancelResponseAsync(id, reason, role);

    private Task DeliverAsync(object message, Guid? messageId = null) => _world.App.Bus.DeliverAsync(message, messageId);
}
