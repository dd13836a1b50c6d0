using System.Net;
using System.Text.Json;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;

namespace Clearhours.Reporting.Tests;

/// <summary>Two managers build reports over the same time at the same moment: the claims' key lets only one win.</summary>
public sealed class ReportClaimRaceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "claimrace");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Two_simultaneous_creates_over_the_same_time_bill_every_entry_once()
    {
        var conflicts = 0;
        for (var round = 0; round < 10; round++)
        {
            var client = await _world.SeedAsync(name: $"Client{round}", entries: 50);
            var everything = ReportsWorld.Request(client.Company);
            var sameTimeByProject = everything with { ProjectIds = [client.Project] }; // other filters, same entries

            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var first = Task.Run(async () => { await gate.Task; return await _world.CreateAsync(everything); });
            var second = Task.Run(async () => { await gate.Task; return await _world.CreateAsync(sameTimeByProject); });
            gate.SetResult();
            var results = await Task.WhenAll(first, second);

            var winner = await ReportingApp.ReadAsync<ReportCard>(Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created), HttpStatusCode.Created);
            var loser = Assert.Single(results, r => r.StatusCode != HttpStatusCode.Created);
            Assert.Equal(client.Entries.Order(), ReportsWorld.EntriesOf(winner));

            var claims = await _world.ClaimsAsync();
            Assert.All(client.Entries, e => Assert.Equal(winner.Id, claims[e]));

            if (loser.StatusCode == HttpStatusCode.Conflict)
            {
                // Both built their preview before either committed: the loser names every entry and who has it.
                conflicts++;
                var problem = await ReportingApp.ProblemAsync(loser, HttpStatusCode.Conflict);
                var listed = problem.GetProperty("conflicts").Deserialize<List<ClaimConflict>>(ReportingApp.Json)!;
                Assert.Equal(client.Entries.Order(), listed.Select(c => c.TimeEntryId).Order());
                Assert.All(listed, c => Assert.Equal(winner.Number, c.ReportNumber));
            }
            else
            {
                // The loser's preview came after the winner committed: nothing was left to report.
                await ReportingApp.ProblemAsync(loser, HttpStatusCode.UnprocessableEntity);
            }
        }

        Assert.True(conflicts > 0, "No round raced: every loser saw the winner's commit, so the 409 path was never exercised.");
    }
}
