using Clearhours.Reporting.Apis;
using Clearhours.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Clearhours.Reporting.Tests;

/// <summary>Two managers build reports over the same time at the same moment: the claims' key lets only one win.</summary>
public sealed class ReportClaimRaceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "claimrace");

    public Task DisposeAsync() => Task.CompletedTask;

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
            IResult[] results = await Task.WhenAll(first, second);

            var winner = Assert.Single(results.OfType<Created<ReportCard>>()).Value!;
            var loser = Assert.Single(results, r => r is not Created<ReportCard>);
            Assert.Equal(client.Entries.Order(), ReportsWorld.EntriesOf(winner));

            var claims = await _world.ClaimsAsync();
            Assert.All(client.Entries, e => Assert.Equal(winner.Id, claims[e]));

            var problem = Assert.IsType<ProblemHttpResult>(loser);
            if (problem.StatusCode == StatusCodes.Status409Conflict)
            {
                // Both built their preview before either committed: the loser names every entry and who has it.
                conflicts++;
                var listed = Assert.IsAssignableFrom<IEnumerable<ClaimConflict>>(problem.ProblemDetails.Extensions["conflicts"]).ToList();
                Assert.Equal(client.Entries.Order(), listed.Select(c => c.TimeEntryId).Order());
                Assert.All(listed, c => Assert.Equal(winner.Number, c.ReportNumber));
            }
            else
            {
                // The loser's preview came after the winner committed: nothing was left to report.
                Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
            }
        }

        Assert.True(conflicts > 0, "No round raced: every loser saw the winner's commit, so the 409 path was never exercised.");
    }
}
