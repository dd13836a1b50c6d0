using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.Messaging;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using Clearhours.Reporting.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using static Clearhours.Reporting.Tests.ReadModelEvents;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// Sending a report (frozen snapshot, hash, share link, ReportSent), the client's page, approval and change requests,
/// over HTTP against a real PostgreSQL: the manager with a staff token, the client with the link's token alone.
/// </summary>
public sealed class SendAndApproveTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "sending");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    // ---- 1. Send ----

    [Fact]
    public async Task Sending_freezes_a_snapshot_named_by_its_SHA256_and_puts_ReportSent_in_the_outbox()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var sent = await SendAsync(card.Id);

        Assert.Equal(ReportStatus.Sent, sent.Report.Status);
        Assert.Equal(new StatusChange(ReportStatus.Draft, ReportStatus.Sent, "manager", _world.Clock.Now, null), sent.Report.History[^1]);
        var expected = new ReportSnapshot(card.Number, card.Title, card.CompanyId, card.CompanyName, card.From, card.To, card.Currency,
            [.. card.Lines.Select(l => l.Line)], [], card.Totals, _world.Clock.Now, [.. card.Lines.Select(l => l.No)]);
        Assert.Equal(Sha256Hex(expected), sent.Report.SnapshotHash);
        Assert.Matches("^[0-9a-f]{64}$", sent.Report.SnapshotHash);

        await using var db = _world.NewDbContext();
        var stored = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == card.Id);
        Assert.Equal(Json(expected), Json(stored.Snapshot));
        Assert.Equal(sent.Report.SnapshotHash, stored.SnapshotHash);
        Assert.Equal(stored.SnapshotHash, Sha256Hex(stored.Snapshot!)); // the stored snapshot still hashes to its name
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking().Where(NotClaims).ToListAsync());
        Assert.StartsWith(typeof(ReportSent).FullName + ",", outbox.MessageType);
        var message = JsonSerializer.Deserialize<ReportSent>(outbox.Body, MessageJson.Options)!;
        Assert.Equal(new ReportSent(card.Id, card.Number, client.Company, stored.SnapshotHash!, card.Amount, "EUR", _world.Clock.Now), message);
    }

    [Fact]
    public async Task The_token_returned_by_Send_opens_a_page_showing_the_snapshot()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        var sent = await SendAsync(card.Id);

        Assert.Equal(card.Id, sent.Link.ReportId);
        Assert.Equal($"/api/public/reports/{sent.Link.Token}", sent.Link.PublicPath);
        var page = await OpenedAsync(sent.Link.Token);
        Assert.Equal(Json(card.Lines.Select(l => PublicLine.From(l.Line))), Json(page.Lines));
        Assert.Equal(card.Totals, page.Totals);
        Assert.Equal(sent.Report.SnapshotHash, page.Hash);
        Assert.Equal((card.Number, card.Title, client.Name, card.From, card.To, "EUR"), (page.Number, page.Title, page.Client, page.From, page.To, page.Currency));
        Assert.Equal((ReportStatus.Sent, true, (PublicApproval?)null), (page.Status, page.CanApprove, page.Approval));
        Assert.Equal((_world.Clock.Now, sent.Link.ExpiresAt), (page.SentAt, page.LinkExpiresAt));
    }

    [Fact]
    public async Task Sending_a_sent_report_again_is_refused_and_changes_nothing()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var refused = await RefusedMoveAsync(await _world.SendResponseAsync(card.Id));

        Assert.Equal((ReportStatus.Sent, ReportStatus.Sent), refused);
        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Sent, sent.Report.SnapshotHash, sent.Report.Version), (after.Status, after.SnapshotHash, after.Version));
        await _world.OpenedAsync(sent.Link.Token); // the link handed out still works
        await using var db = _world.NewDbContext();
        Assert.Equal(1, await db.Set<OutboxMessage>().Where(NotClaims).CountAsync());
    }

    [Fact]
    public async Task A_send_that_fails_to_save_leaves_the_clients_current_link_working()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var first = await SendAsync(card.Id);
        await ReportingApp.ExpectAsync(await RequestChangesAsync(first.Link.Token, "Please look at this.", [], "Cleo"), HttpStatusCode.OK);
        await _world.MoveAsync(card.Id, ReportStatus.Draft);

        // Another request changes the report between this send's read and its save.
        _world.App.BeforeReportSave.Arm(async () =>
        {
            await using var other = new NpgsqlConnection(_world.App.Database);
            await other.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE reports SET version = version + 1 WHERE id = @id", other);
            command.Parameters.AddWithValue("id", card.Id);
            await command.ExecuteNonQueryAsync();
        });
        await ConflictAsync(await _world.SendResponseAsync(card.Id), "Changed by someone else.");

        Assert.Equal(ReportStatus.Draft, (await _world.GetAsync(card.Id)).Status);
        await OpenedAsync(first.Link.Token);
    }

    // ---- 2. Frozen snapshot ----

    [Fact]
    public async Task New_time_and_a_changed_rate_after_sending_change_neither_the_page_nor_the_hash()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        var before = await OpenedAsync(sent.Link.Token);

        var late = Guid.NewGuid();
        await _world.Events.DeliverAsync(
            Recorded(late, client.Tasks[0], client.Project, client.Company, person: "ann", date: new DateOnly(2026, 11, 5), minutes: 120),
            Project(client.Project, client.Company, version: 2, rates: [new ProjectRate(null, null, 250m, new DateOnly(2026, 1, 1))]));

        var preview = await _world.PreviewAsync(client.Company); // the read model did change
        Assert.Equal([late], preview.Lines.SelectMany(l => l.TimeEntryIds));
        Assert.Equal(500m, preview.Totals.Amount);
        var after = await OpenedAsync(sent.Link.Token);
        Assert.Equal(Json(before), Json(after));
        Assert.Equal(sent.Report.SnapshotHash, (await _world.GetAsync(card.Id)).SnapshotHash);
    }

    // ---- 3. Revision ----

    [Fact]
    public async Task A_change_request_moves_the_report_to_ChangesRequested_with_the_comment_in_history()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromDays(1));

        var result = await RequestChangesAsync(sent.Link.Token, "  Line 2 looks too long.  ", [2], " Cleo ", "203.0.113.7, 10.0.0.1");

        var page = await ReportingApp.ReadAsync<PublicReport>(result, HttpStatusCode.OK);
        Assert.Equal((ReportStatus.ChangesRequested, false), (page.Status, page.CanApprove));
        var after = await _world.GetAsync(card.Id);
        Assert.Equal(ReportStatus.ChangesRequested, after.Status);
        Assert.Equal(new StatusChange(ReportStatus.Sent, ReportStatus.ChangesRequested, "Cleo", _world.Clock.Now, "Line 2 looks too long."), after.History[^1]);
        var request = Assert.Single(after.ChangeRequests);
        Assert.Equal(("Line 2 looks too long.", "Cleo", _world.Clock.Now, "203.0.113.7"), (request.Comment, request.Name, request.At, request.Address));
        Assert.Equal([2], request.Lines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_revised_report_sent_again_gets_a_new_hash_and_a_new_link_and_the_old_link_is_dead(bool adjust)
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        Assert.True(card.Lines.Count >= 2);
        var first = await SendAsync(card.Id);
        await ReportingApp.ExpectAsync(await RequestChangesAsync(first.Link.Token, "Please drop line 2.", [2], "Cleo"), HttpStatusCode.OK);
        await _world.MoveAsync(card.Id, ReportStatus.Draft);
        if (adjust)
        {
            await AdjustAsync(card.Id, new AdjustmentRequest("Goodwill", -50m, "Agreed with Cleo"));
        }
        else
        {
            await ExcludeAsync(card.Id, 2);
        }

        _world.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await SendAsync(card.Id);

        Assert.Equal(ReportStatus.Sent, second.Report.Status);
        Assert.NotEqual(first.Report.SnapshotHash, second.Report.SnapshotHash);
        Assert.NotEqual(first.Link.Token, second.Link.Token);
        await AssertDeadAsync(await OpenAsync(first.Link.Token));
        var page = await OpenedAsync(second.Link.Token);
        Assert.Equal(second.Report.SnapshotHash, page.Hash);
        if (adjust)
        {
            Assert.Equal(card.Lines.Count, page.Lines.Count);
            Assert.Equal(new Adjustment(1, "Goodwill", -50m, "Agreed with Cleo"), Assert.Single(page.Adjustments));
            Assert.Equal(card.Amount - 50m, page.Totals.Amount);
        }
        else
        {
            Assert.Equal(Json(card.Lines.Where(l => l.No != 2).Select(l => PublicLine.From(l.Line))), Json(page.Lines));
            Assert.Equal(card.Amount - card.Lines.Single(l => l.No == 2).Line.Amount, page.Totals.Amount);
        }
    }

    // ---- 4. Approve ----

    [Fact]
    public async Task Approving_the_current_hash_records_who_from_where_and_what_and_puts_ReportApproved_in_the_outbox()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromDays(2));
        var hash = sent.Report.SnapshotHash!;

        var result = await ApproveAsync(sent.Link.Token, " Cleo Client ", " cleo@client.example ", hash, "203.0.113.7, 10.0.0.1");

        var page = await ReportingApp.ReadAsync<PublicReport>(result, HttpStatusCode.OK);
        var approval = new Approval("Cleo Client", "cleo@client.example", _world.Clock.Now, "203.0.113.7", hash);
        Assert.Equal((ReportStatus.Approved, false, new PublicApproval("Cleo Client", _world.Clock.Now, hash)), (page.Status, page.CanApprove, page.Approval));
        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Approved, approval), (after.Status, after.Approval));
        Assert.Equal(new StatusChange(ReportStatus.Sent, ReportStatus.Approved, "Cleo Client <cleo@client.example>", _world.Clock.Now, null), after.History[^1]);

        await using var db = _world.NewDbContext();
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(ReportApproved).FullName + ",")).ToListAsync());
        var message = JsonSerializer.Deserialize<ReportApproved>(outbox.Body, MessageJson.Options)!;
        Assert.Equal((card.Id, card.Number, client.Company, hash, _world.Clock.Now), (message.ReportId, message.ReportNumber, message.CompanyId, message.SnapshotHash, message.ApprovedAt));
        Assert.Equal(client.Entries.Order(), message.TimeEntryIds.Order());
        var invoice = message.Invoice!;
        Assert.Equal((Nov1, Nov30, "EUR", card.Amount), (invoice.From, invoice.To, invoice.Currency, invoice.Total));
        Assert.Equal(card.Lines.Select(l => (l.No, l.Line.Amount)), invoice.Lines.Select(l => (l.No, l.Amount)));
        Assert.Equal(invoice.Total, invoice.Lines.Where(l => l.Billable).Sum(l => l.Amount));
    }

    [Fact]
    public async Task ReportApproved_carries_the_report_as_the_client_read_it_numbered_as_the_page_with_the_approvers_name()
    {
        // Rounded up to 15 minutes; AC-2 is 0 % work, AC-3 is excluded, so the page numbers its lines 1 and 3.
        var (company, project) = (Guid.NewGuid(), Guid.NewGuid());
        var (checkout, bugs, sync) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _world.Events.DeliverAsync(
            Company(company, name: "Northwind"),
            Project(project, company, rounding: new RoundingRule("Up", 15)),
            TaskEvent(checkout, project, company, title: "Checkout redesign", key: "AC-1"),
            TaskEvent(bugs, project, company, workType: "Bugfix", percent: 0, title: "Warranty fixes", key: "AC-2"),
            TaskEvent(sync, project, company, title: "Weekly sync", key: "AC-3"),
            Recorded(Guid.NewGuid(), checkout, project, company, minutes: 40),
            Recorded(Guid.NewGuid(), bugs, project, company, minutes: 45),
            Recorded(Guid.NewGuid(), sync, project, company, minutes: 30));
        var card = await _world.CreatedAsync(Request(company, title: "Northwind, November"));
        Assert.Equal(["AC-1", "AC-3", "AC-2"], card.Lines.Select(l => l.Line.TaskKey));
        await ExcludeAsync(card.Id, 2);
        await AdjustAsync(card.Id, new AdjustmentRequest("Goodwill", -5m, "Agreed on the call"));
        var sent = await SendAsync(card.Id);

        await ReportingApp.ExpectAsync(await ApproveAsync(sent.Link.Token, " Cleo Client ", "cleo@client.example", sent.Report.SnapshotHash!), HttpStatusCode.OK);

        await using var db = _world.NewDbContext();
        var outbox = Assert.Single(await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.MessageType.StartsWith(typeof(ReportApproved).FullName + ",")).ToListAsync());
        var report = JsonSerializer.Deserialize<ReportApproved>(outbox.Body, MessageJson.Options)!.Report!;
        Assert.Equal(("Northwind, November", "Northwind", "Cleo Client"), (report.Title, report.CompanyName, report.ApprovedBy));
        Assert.Equal(
            [
                new ApprovedTaskLine(1, "AC-1", "Checkout redesign", "https://tracker/AC-1", "Development", 40, 45, 0.75m, 100m, 75.00m, null),
                new ApprovedTaskLine(3, "AC-2", "Warranty fixes", "https://tracker/AC-2", "Bugfix", 45, 0, 0m, 100m, 0m, "Not billable: Bugfix, 0 %"),
            ],
            report.Lines);
        Assert.Equal([new ApprovedAdjustment(4, "Goodwill", -5m, "Agreed on the call")], report.Adjustments);
        Assert.Equal((1.42m, 0.75m, 0.75m), (report.ActualHours, report.BilledHours, report.NonBillableHours));
        Assert.Equal([1, 3], (await OpenedAsync(sent.Link.Token)).LineNumbers); // the numbers the client read
    }

    [Fact]
    public async Task Without_X_Forwarded_For_the_approval_records_the_remote_address()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);

        await ReportingApp.ExpectAsync(await ApproveAsync(sent.Link.Token, "Cleo", "cleo@client.example", sent.Report.SnapshotHash!), HttpStatusCode.OK);

        // The test client calls from the loopback address, where the client's own browser would call from theirs.
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse((await _world.GetAsync(card.Id)).Approval!.Address!)));
    }

    [Fact]
    public async Task Approving_an_approved_report_again_is_refused_and_keeps_the_first_approval()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        var hash = sent.Report.SnapshotHash!;
        await ReportingApp.ExpectAsync(await ApproveAsync(sent.Link.Token, "Cleo", "cleo@client.example", hash), HttpStatusCode.OK);
        var approved = await _world.GetAsync(card.Id);
        _world.Clock.Advance(TimeSpan.FromHours(1));

        var refused = await RefusedMoveAsync(await ApproveAsync(sent.Link.Token, "Mallory", "mallory@client.example", hash));

        Assert.Equal((ReportStatus.Approved, ReportStatus.Approved), refused);
        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Approved, approved.Approval, approved.Version), (after.Status, after.Approval, after.Version));
        await using var db = _world.NewDbContext();
        Assert.Equal(1, await db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(ReportApproved).FullName + ",")));
    }

    [Fact]
    public async Task Approving_a_different_hash_is_refused_as_stale_and_the_report_stays_Sent()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);

        await ConflictAsync(await ApproveAsync(sent.Link.Token, "Cleo", "cleo@client.example", new string('0', 64)), "The report changed.");

        await AssertStillSentUnapprovedAsync(card.Id, sent.Report.SnapshotHash);
    }

    [Fact]
    public async Task Approving_the_hash_of_a_previous_sending_is_refused_as_stale()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var first = await SendAsync(card.Id);
        await ReportingApp.ExpectAsync(await RequestChangesAsync(first.Link.Token, "Too much.", [], "Cleo"), HttpStatusCode.OK);
        await _world.MoveAsync(card.Id, ReportStatus.Draft);
        await AdjustAsync(card.Id, new AdjustmentRequest("Discount", -10m, "Goodwill"));
        var second = await SendAsync(card.Id);

        await ConflictAsync(await ApproveAsync(second.Link.Token, "Cleo", "cleo@client.example", first.Report.SnapshotHash!), "The report changed.");

        await AssertStillSentUnapprovedAsync(card.Id, second.Report.SnapshotHash);
    }

    // ---- 5. Links that open nothing ----

    [Fact]
    public async Task A_link_to_a_never_sent_draft_is_the_same_404_as_a_wrong_token()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        IssuedShareLink link;
        await using (var db = _world.NewDbContext())
        {
            link = await Links(db).CreateAsync(card.Id);
        }

        var draft = await OpenAsync(link.Token);

        await AssertDeadAsync(draft);
    }

    [Fact]
    public async Task The_link_of_a_cancelled_report_is_the_same_404_as_a_wrong_token()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        await _world.CancelAsync(card.Id, "wrong client");

        await AssertDeadAsync(await OpenAsync(sent.Link.Token));
        await AssertDeadAsync(await ApproveAsync(sent.Link.Token, "Cleo", "cleo@client.example", sent.Report.SnapshotHash!));
        Assert.Equal(ReportStatus.Cancelled, (await _world.GetAsync(card.Id)).Status);
    }

    [Fact]
    public async Task Rotating_the_link_of_a_never_sent_report_is_a_409()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));

        var result = await _world.RotateResponseAsync(card.Id);

        await ConflictAsync(result, "Not sent.");
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.ShareLinks.CountAsync());
    }

    [Fact]
    public async Task Rotating_the_link_of_a_sent_report_kills_the_old_token()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);

        var rotated = await ReportingApp.ReadAsync<ShareLinkCreated>(await _world.RotateResponseAsync(card.Id), HttpStatusCode.Created);

        await AssertDeadAsync(await OpenAsync(sent.Link.Token));
        Assert.Equal(sent.Report.SnapshotHash, (await OpenedAsync(rotated.Token)).Hash);
    }

    // ---- 6. Change requests naming lines ----

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1)] // one past the last line
    public async Task A_change_request_naming_a_line_that_does_not_exist_is_a_validation_problem(int pastLast)
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var sent = await SendAsync(card.Id);
        var line = pastLast > 0 ? card.Lines.Count + pastLast : pastLast;

        var result = await RequestChangesAsync(sent.Link.Token, "This one.", [1, line], "Cleo");

        Assert.Contains(nameof(RequestChangesRequest.Lines), await ReportingApp.FieldErrorsAsync(result));
        var after = await _world.GetAsync(card.Id);
        Assert.Equal((ReportStatus.Sent, 0), (after.Status, after.ChangeRequests.Count));
    }

    [Fact]
    public async Task A_change_request_names_lines_by_the_report_cards_numbers_even_after_an_exclusion()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        Assert.True(card.Lines.Count >= 3);
        await ExcludeAsync(card.Id, 1);
        var sent = await SendAsync(card.Id);
        var last = card.Lines[^1].No; // on the page, and a line of the card

        var result = await RequestChangesAsync(sent.Link.Token, "Please look at this.", [last], "Cleo");

        await ReportingApp.ExpectAsync(result, HttpStatusCode.OK);
        Assert.Equal([last], Assert.Single((await _world.GetAsync(card.Id)).ChangeRequests).Lines);
    }

    // ---- Helpers ----

    private ShareLinks Links(Infrastructure.ReportingDbContext db) => new(db, _world.Clock, Options.Create(new ShareLinkOptions()));

    private Task<SentReport> SendAsync(Guid id) => _world.SendAsync(id);

    private Task<HttpResponseMessage> OpenAsync(string token) => _world.OpenResponseAsync(token);

    private Task<PublicReport> OpenedAsync(string token) => _world.OpenedAsync(token);

    private Task<HttpResponseMessage> ApproveAsync(string token, string name, string email, string hash, string? forwardedFor = null) =>
        _world.ApproveResponseAsync(token, name, email, hash, forwardedFor);

    private Task<HttpResponseMessage> RequestChangesAsync(
        string token, string comment, IReadOnlyList<int>? lines, string? name, string? forwardedFor = null) =>
        _world.RequestChangesResponseAsync(token, comment, lines, name, forwardedFor);

    private Task ExcludeAsync(Guid id, int no) => _world.SetExcludedAsync(id, no, true);

    private Task AdjustAsync(Guid id, AdjustmentRequest request) => _world.AdjustAsync(id, request);

    /// <summary>The answer is exactly the one a made-up token gets, but for the ids that name the request.</summary>
    private async Task AssertDeadAsync(HttpResponseMessage response)
    {
        var wrong = await ReportingApp.ProblemAsync(await OpenAsync("not-a-token-anyone-was-given"), HttpStatusCode.NotFound);
        var problem = await ReportingApp.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(WithoutRequestIds(wrong), WithoutRequestIds(problem));
    }

    private static string WithoutRequestIds(JsonElement problem) =>
        Json(problem.EnumerateObject().Where(p => p.Name is not ("traceId" or "correlationId")).ToDictionary(p => p.Name, p => p.Value.ToString()));

    private async Task AssertStillSentUnapprovedAsync(Guid id, string? hash)
    {
        var after = await _world.GetAsync(id);
        Assert.Equal((ReportStatus.Sent, hash, (Approval?)null), (after.Status, after.SnapshotHash, after.Approval));
        await using var db = _world.NewDbContext();
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync(m => m.MessageType.StartsWith(typeof(ReportApproved).FullName + ",")));
    }

    /// <summary>SHA-256 of the snapshot's web JSON, lower-case hex, computed here rather than by the snapshot.</summary>
    private static string Sha256Hex(ReportSnapshot snapshot) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(snapshot, JsonSerializerOptions.Web)));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
