using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Defects found while testing sending and approval; each test states what should happen.</summary>
public sealed class SendAndApproveDefectTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection([]).Build();

    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "sendingdefects");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_change_request_names_lines_by_the_report_cards_numbers_even_after_an_exclusion()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        Assert.True(card.Lines.Count >= 3);
        await using (var db = _world.NewDbContext())
        {
            Assert.IsType<Ok<ReportCard>>((await ReportLinesApi.SetExcluded(card.Id, 1, true, db, _world.Clock, CancellationToken.None)).Result);
        }

        var sent = await SendAsync(card.Id, _world.NewDbContext());
        var last = card.Lines[^1].No; // on the page, and a line of the card

        var result = await RequestChangesAsync(sent.Link.Token, [last]);

        Assert.IsType<Ok<PublicReport>>(result);
        Assert.Equal([last], Assert.Single((await _world.GetAsync(card.Id)).ChangeRequests).Lines);
    }

    [Fact]
    public async Task A_send_that_fails_to_save_leaves_the_clients_current_link_working()
    {
        var client = await _world.SeedAsync();
        var card = await _world.CreatedAsync(Request(client.Company));
        var first = await SendAsync(card.Id, _world.NewDbContext());
        Assert.IsType<Ok<PublicReport>>(await RequestChangesAsync(first.Link.Token, []));
        await _world.MoveAsync(card.Id, ReportStatus.Draft);

        // Another request changes the report between this send's read and its save.
        string connection;
        await using (var probe = _world.NewDbContext())
        {
            connection = probe.Database.GetConnectionString()!;
        }

        var racing = new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql(connection)
            .AddInterceptors(new ChangeReportBeforeItsSave(connection, card.Id)).Options;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SendAsync(card.Id, new ReportingDbContext(racing)));

        Assert.Equal(ReportStatus.Draft, (await _world.GetAsync(card.Id)).Status);
        Assert.IsType<Ok<PublicReport>>(await OpenAsync(first.Link.Token));
    }

    private ShareLinks Links(ReportingDbContext db) => new(db, _world.Clock, Options.Create(new ShareLinkOptions()));

    private async Task<SentReport> SendAsync(Guid id, ReportingDbContext context)
    {
        await using var db = context;
        var result = await ReportsApi.Send(id, db, Links(db), _world.Clock, Manager(), CancellationToken.None);
        return Assert.IsType<Ok<SentReport>>(result.Result).Value!;
    }

    private async Task<IResult> OpenAsync(string token)
    {
        await using var db = _world.NewDbContext();
        return (await ShareLinksApi.Open(token, db, Links(db), Configuration, CancellationToken.None)).Result;
    }

    private async Task<IResult> RequestChangesAsync(string token, IReadOnlyList<int> lines)
    {
        await using var db = _world.NewDbContext();
        return (await ShareLinksApi.RequestChanges(token, new RequestChangesRequest("Please look at this.", "Cleo", lines), db, Links(db),
            _world.Clock, Configuration, new DefaultHttpContext(), CancellationToken.None)).Result;
    }

    /// <summary>Bumps the report's version from another connection just before the context saves a change to it.</summary>
    private sealed class ChangeReportBeforeItsSave(string connection, Guid reportId) : SaveChangesInterceptor
    {
        private bool _done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!_done && eventData.Context!.ChangeTracker.Entries<Report>().Any(e => e.State == EntityState.Modified))
            {
                _done = true;
                await using var other = new NpgsqlConnection(connection);
                await other.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("UPDATE reports SET version = version + 1 WHERE id = @id", other);
                command.Parameters.AddWithValue("id", reportId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return result;
        }
    }
}
