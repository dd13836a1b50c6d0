using System.Security.Claims;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static Clearhours.Reporting.Tests.ReadModelEvents;

namespace Clearhours.Reporting.Tests;

/// <summary>A client seeded through the read model consumers: one company, one project at 100/h, three tasks, its time.</summary>
public sealed record SeededClient(Guid Company, string Name, Guid Project, IReadOnlyList<Guid> Tasks, IReadOnlyList<Guid> Entries);

/// <summary>A migrated database with a read model, and the reports API called as the endpoints call it.</summary>
public sealed class ReportsWorld(ReadModelEvents events, ManualClock clock)
{
    public static readonly DateOnly Nov1 = new(2026, 11, 1);
    public static readonly DateOnly Nov30 = new(2026, 11, 30);

    /// <summary>Outbox rows other than the claims every report change announces to Tasks.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Clearhours.Messaging.OutboxMessage, bool>> NotClaims =
        m => !m.MessageType.StartsWith(typeof(Clearhours.Contracts.Reporting.ReportClaimsChanged).FullName + ",");

    public ReadModelEvents Events { get; } = events;
    public ManualClock Clock { get; } = clock;

    public static async Task<ReportsWorld> CreateAsync(ServersFixture servers, string prefix)
    {
        var events = new ReadModelEvents(await servers.CreateDatabaseAsync(prefix));
        await using (var db = events.NewDbContext())
        {
            await db.Database.MigrateAsync();
        }

        return new ReportsWorld(events, new ManualClock());
    }

    public ReportingDbContext NewDbContext() => Events.NewDbContext();

    public static HttpContext Manager() =>
        new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "manager")], "test")) };

    /// <summary>
    /// Entry i: task i % 3, ann or bob, 1 + i % 30 November, 30 + 15 * (i % 4) minutes; all billable at 100 %.
    /// </summary>
    public async Task<SeededClient> SeedAsync(string name = "Acme", string currency = "EUR", int entries = 12)
    {
        var company = Guid.NewGuid();
        var project = Guid.NewGuid();
        Guid[] tasks = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var ids = Enumerable.Range(0, entries).Select(_ => Guid.NewGuid()).ToList();
        var messages = new List<object>
        {
            Company(company, name: name, currency: currency),
            Project(project, company, currency: currency, rates: [new ProjectRate(null, null, 100m, new DateOnly(2026, 1, 1))]),
        };
        messages.AddRange(tasks.Select((t, i) => (object)TaskEvent(t, project, company, key: $"{name[..2].ToUpperInvariant()}-{i + 1}")));
        messages.AddRange(ids.Select((id, i) => (object)Recorded(id, tasks[i % 3], project, company,
            person: i % 2 == 0 ? "ann" : "bob", date: new DateOnly(2026, 11, 1 + (i % 30)), minutes: 30 + 15 * (i % 4))));
        await Events.DeliverAsync([.. messages]);
        return new SeededClient(company, name, project, tasks, ids);
    }

    public static CreateReportRequest Request(Guid company, DateOnly? from = null, DateOnly? to = null, string? title = null) =>
        new(company, from ?? Nov1, to ?? Nov30, title, null, null, null, null, null, null);

    public async Task<IResult> CreateAsync(CreateReportRequest request)
    {
        await using var db = NewDbContext();
        return (await ReportsApi.Create(request, db, Clock, Manager(), CancellationToken.None)).Result;
    }

    public async Task<ReportCard> CreatedAsync(CreateReportRequest request) =>
        Assert.IsType<Created<ReportCard>>(await CreateAsync(request)).Value!;

    public async Task<ReportPreview> PreviewAsync(Guid company, DateOnly? from = null, DateOnly? to = null)
    {
        await using var db = NewDbContext();
        var (preview, problem) = await PreviewApi.BuildAsync(
            new PreviewRequest(company, from ?? Nov1, to ?? Nov30, null, null, null, null, null, null), db, CancellationToken.None);
        Assert.True(preview is not null, $"no preview: {problem?.Result}");
        return preview;
    }

    public async Task<List<Guid>> PreviewEntriesAsync(Guid company, DateOnly? from = null, DateOnly? to = null) =>
        [.. (await PreviewAsync(company, from, to)).Lines.SelectMany(l => l.TimeEntryIds).Order()];

    /// <summary>time_entry_id → report_id of every claim.</summary>
    public async Task<Dictionary<Guid, Guid>> ClaimsAsync()
    {
        await using var db = NewDbContext();
        return await db.Claims.AsNoTracking().ToDictionaryAsync(c => c.TimeEntryId, c => c.ReportId);
    }

    public async Task<ReportCard> GetAsync(Guid id)
    {
        await using var db = NewDbContext();
        return Assert.IsType<Ok<ReportCard>>((await ReportsApi.Get(id, db, CancellationToken.None)).Result).Value!;
    }

    /// <summary>Moves a report along the given statuses on the entity, saving after each move, as another request would.</summary>
    public async Task MoveAsync(Guid id, params Model.ReportStatus[] path)
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
}
