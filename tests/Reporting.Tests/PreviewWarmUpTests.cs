using Clearhours.Reporting.Infrastructure;
using Clearhours.Testing;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>The preview warmed at start on a client-month that has unbilled time, so its rows run through the code once.</summary>
public sealed class PreviewWarmUpTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "warmup");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_empty_database_has_nothing_to_warm()
    {
        await using var db = _world.NewDbContext();

        Assert.Null(await db.WarmUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_warm_up_passes_clients_whose_time_is_all_billed_and_previews_the_latest_month_with_unbilled_time()
    {
        // Three clients billed for November and one not, in whatever order their ids fall.
        foreach (var name in new[] { "Billed A", "Billed B", "Billed C" })
        {
            await _world.CreatedAsync(Request((await _world.SeedAsync(name: name)).Company));
        }

        var open = await _world.SeedAsync(name: "Open");

        await using var db = _world.NewDbContext();
        var warmed = await db.WarmUpAsync(CancellationToken.None);

        Assert.NotNull(warmed);
        Assert.Equal((open.Company, Nov1, Nov30), (warmed.CompanyId, warmed.From, warmed.To));
    }
}
