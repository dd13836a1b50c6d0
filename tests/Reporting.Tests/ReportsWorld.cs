using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using static Clearhours.Reporting.Tests.ReadModelEvents;

namespace Clearhours.Reporting.Tests;

/// <summary>A client seeded through the read model consumers: one company, one project at 100/h, three tasks, its time.</summary>
public sealed record SeededClient(Guid Company, string Name, Guid Project, IReadOnlyList<Guid> Tasks, IReadOnlyList<Guid> Entries);

/// <summary>
/// One test's Reporting service (<see cref="ReportingApp"/>) and what a test does with it: events from the other
/// services go over the bus, everything a manager or client does goes over HTTP with their token, and the database
/// is read for what no API shows.
/// </summary>
public sealed class ReportsWorld(ReportingApp app) : IAsyncDisposable
{
    public static readonly DateOnly Nov1 = new(2026, 11, 1);
    public static readonly DateOnly Nov30 = new(2026, 11, 30);

    /// <summary>Outbox rows other than the claims every report change announces to Tasks.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Clearhours.Messaging.OutboxMessage, bool>> NotClaims =
        m => !m.MessageType.StartsWith(typeof(Clearhours.Contracts.Reporting.ReportClaimsChanged).FullName + ",");

    private static readonly JsonSerializerOptions Json = ReportingApp.Json;

    public ReportingApp App { get; } = app;

    public ReadModelEvents Events { get; } = new(app.Bus);

    public ManualClock Clock => App.Clock;

    public HttpClient Manager => App.Manager;

    public static async Task<ReportsWorld> CreateAsync(ServersFixture servers, string prefix) =>
        (await ReportingApp.StartAsync(servers, prefix)).World;

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public ReportingDbContext NewDbContext() => App.NewDbContext();

    /// <summary>
    /// Entry i: task i % 3, ann or bob, 1 + i % 30 November, 30 + 15 * (i % 4) minutes; all billable at 100 %.
    /// </summary>
    public async Task<SeededClient> SeedAsync(string name = "Acme", string currency = "EUR", int entries = 12)
    {
        var company = Guid.NewGuid();
        var project = Guid.NewGuid();
        Guid[] tasks = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var ids = Enumerable.Range(0, entries).Select(_ => Guid.NewGuid()).ToList();
        await Events.DeliverAsync(
            Company(company, name: name, currency: currency),
            Project(project, company, currency: currency, rates: [new ProjectRate(null, null, 100m, new DateOnly(2026, 1, 1))]));
        // Each kind after the one it refers to, and the many entries side by side, as Tasks' events arrive anyway.
        await Task.WhenAll(tasks.Select((t, i) => Events.DeliverAsync(TaskEvent(t, project, company, key: $"{name[..2].ToUpperInvariant()}-{i + 1}"))));
        await Task.WhenAll(ids.Select((id, i) => Events.DeliverAsync(Recorded(id, tasks[i % 3], project, company,
            person: i % 2 == 0 ? "ann" : "bob", date: new DateOnly(2026, 11, 1 + (i % 30)), minutes: 30 + 15 * (i % 4)))));
        return new SeededClient(company, name, project, tasks, ids);
    }

    public static CreateReportRequest Request(Guid company, DateOnly? from = null, DateOnly? to = null, string? title = null) =>
        new(company, from ?? Nov1, to ?? Nov30, title, null, null, null, null, null, null);

    // ---- Reports, as a manager ----

    public Task<HttpResponseMessage> CreateAsync(CreateReportRequest request) => Manager.PostAsJsonAsync("/api/reports", request, Json);

    public async Task<ReportCard> CreatedAsync(CreateReportRequest request) =>
        await ReportingApp.ReadAsync<ReportCard>(await CreateAsync(request), HttpStatusCode.Created);

    public async Task<ReportCard> GetAsync(Guid id) =>
        await ReportingApp.ReadAsync<ReportCard>(await Manager.GetAsync($"/api/reports/{id}"), HttpStatusCode.OK);

    public Task<HttpResponseMessage> SendResponseAsync(Guid id) => Manager.PostAsync($"/api/reports/{id}/send", null);

    public async Task<SentReport> SendAsync(Guid id) => await ReportingApp.ReadAsync<SentReport>(await SendResponseAsync(id), HttpStatusCode.OK);

    public Task<HttpResponseMessage> CancelResponseAsync(Guid id, string? comment, string role = StaffRoles.Manager) =>
        App.Client(role).PostAsJsonAsync($"/api/reports/{id}/cancel", new CancelRequest(comment), Json);

    public async Task<ReportCard> CancelAsync(Guid id, string? comment, string role = StaffRoles.Manager) =>
        await ReportingApp.ReadAsync<ReportCard>(await CancelResponseAsync(id, comment, role), HttpStatusCode.OK);

    public Task<HttpResponseMessage> RecallResponseAsync(Guid id, string? reason) =>
        Manager.PostAsJsonAsync($"/api/reports/{id}/recall", new RecallRequest(reason), Json);

    public async Task<ReportCard> ReopenAsync(Guid id) =>
        await ReportingApp.ReadAsync<ReportCard>(await Manager.PostAsync($"/api/reports/{id}/reopen", null), HttpStatusCode.OK);

    public Task<HttpResponseMessage> AdjustResponseAsync(Guid id, AdjustmentRequest request) =>
        Manager.PostAsJsonAsync($"/api/reports/{id}/adjustments", request, Json);

    public async Task<ReportCard> AdjustAsync(Guid id, AdjustmentRequest request) =>
        await ReportingApp.ReadAsync<ReportCard>(await AdjustResponseAsync(id, request), HttpStatusCode.OK);

    public Task<HttpResponseMessage> SetExcludedResponseAsync(Guid id, int no, bool excluded) =>
        Manager.PostAsync($"/api/reports/{id}/lines/{no}/{(excluded ? "exclude" : "include")}", null);

    public async Task<ReportCard> SetExcludedAsync(Guid id, int no, bool excluded) =>
        await ReportingApp.ReadAsync<ReportCard>(await SetExcludedResponseAsync(id, no, excluded), HttpStatusCode.OK);

    public async Task<ReportCard> RefreshAsync(Guid id) =>
        await ReportingApp.ReadAsync<ReportCard>(await Manager.PostAsync($"/api/reports/{id}/refresh", null), HttpStatusCode.OK);

    public Task<HttpResponseMessage> RotateResponseAsync(Guid id) => Manager.PostAsync($"/api/reports/{id}/share-link", null);

    // ---- The client's page, anonymous ----

    public Task<HttpResponseMessage> OpenResponseAsync(string token) => App.Anonymous.GetAsync($"/api/public/reports/{Uri.EscapeDataString(token)}");

    public async Task<PublicReport> OpenedAsync(string token) =>
        await ReportingApp.ReadAsync<PublicReport>(await OpenResponseAsync(token), HttpStatusCode.OK);

    /// <param name="forwardedFor">The X-Forwarded-For the gateway passes on; none: the caller's own address counts.</param>
    public Task<HttpResponseMessage> ApproveResponseAsync(string token, string name, string email, string hash, string? forwardedFor = null) =>
        PublicPostAsync($"/api/public/reports/{Uri.EscapeDataString(token)}/approve", new ApproveRequest(name, email, hash), forwardedFor);

    public Task<HttpResponseMessage> RequestChangesResponseAsync(
        string token, string comment, IReadOnlyList<int>? lines, string? name, string? forwardedFor = null) =>
        PublicPostAsync($"/api/public/reports/{Uri.EscapeDataString(token)}/request-changes", new RequestChangesRequest(comment, name, lines), forwardedFor);

    // ---- Reading the database, for what no API shows ----

    /// <summary>time_entry_id → report_id of every claim.</summary>
    public async Task<Dictionary<Guid, Guid>> ClaimsAsync()
    {
        await using var db = NewDbContext();
        return await db.Claims.AsNoTracking().ToDictionaryAsync(c => c.TimeEntryId, c => c.ReportId);
    }

    /// <summary>What the preview would bill, entry ids included (the preview answer counts them only).</summary>
    public async Task<ReportPreview> PreviewAsync(Guid company, DateOnly? from = null, DateOnly? to = null)
    {
        await using var db = NewDbContext();
        var (preview, refusal) = await db.PreviewAsync(
            new PreviewCriteria(company, from ?? Nov1, to ?? Nov30, new ReportFilters(null, null, null, null, null, null)), CancellationToken.None);
        Assert.True(preview is not null, $"no preview: {refusal?.Title}");
        return preview;
    }

    public async Task<List<Guid>> PreviewEntriesAsync(Guid company, DateOnly? from = null, DateOnly? to = null) =>
        [.. (await PreviewAsync(company, from, to)).Lines.SelectMany(l => l.TimeEntryIds).Order()];

    /// <summary>Moves a report along the given statuses on the entity, saving after each move, as another request would.</summary>
    public async Task MoveAsync(Guid id, params ReportStatus[] path)
    {
        foreach (var status in path)
        {
            await using var db = NewDbContext();
            var report = await db.Reports.SingleAsync(r => r.Id == id);
            Clock.Advance(TimeSpan.FromMinutes(1));
            report.MoveTo(status, "manager", Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
    }

    public static List<Guid> EntriesOf(ReportCard card) => [.. card.Lines.SelectMany(l => l.Line.TimeEntryIds).Order()];

    /// <summary>A 409's problem, with the conflict's title.</summary>
    public static async Task<JsonElement> ConflictAsync(HttpResponseMessage response, string title)
    {
        var problem = await ReportingApp.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }

    /// <summary>The refusal of a move the status machine does not allow: the status it was in and the one it was refused.</summary>
    public static async Task<(ReportStatus From, ReportStatus To)> RefusedMoveAsync(HttpResponseMessage response)
    {
        var problem = await ConflictAsync(response, "Not possible in this status.");
        var from = Enum.Parse<ReportStatus>(problem.GetProperty("reportStatus").GetString()!);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith($"A report in status {from} cannot move to ", detail, StringComparison.Ordinal);
        return (from, Enum.Parse<ReportStatus>(detail[(detail.LastIndexOf(' ') + 1)..].TrimEnd('.')));
    }

    private async Task<HttpResponseMessage> PublicPostAsync<T>(string path, T body, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await App.Anonymous.SendAsync(request);
    }
}
