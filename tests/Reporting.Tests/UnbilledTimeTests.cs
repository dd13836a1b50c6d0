using System.Net;
using System.Net.Http.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Apis;
using Clearhours.Reporting.Model;
using Clearhours.Reporting.Tests.Http;
using Clearhours.Testing;
using static Clearhours.Reporting.Tests.ReadModelEvents;
using static Clearhours.Reporting.Tests.ReportsWorld;

namespace Clearhours.Reporting.Tests;

/// <summary>Late time is never lost: the preview warns of earlier unbilled time, and the leakage report lists old unbilled time.</summary>
public sealed class UnbilledTimeTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly DateOnly Oct5 = new(2026, 10, 5);
    private static readonly DateOnly Oct20 = new(2026, 10, 20);
    private static readonly DateOnly Oct25 = new(2026, 10, 25);

    private ReportsWorld _world = null!;

    public async Task InitializeAsync() => _world = await ReportsWorld.CreateAsync(servers, "unbilled");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_preview_warns_of_earlier_unbilled_time_and_starting_the_period_at_its_earliest_date_includes_it()
    {
        var client = await _world.SeedAsync();
        var (claimed, late1, late2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var freeTask = Guid.NewGuid();
        await _world.Events.DeliverAsync(
            TaskEvent(freeTask, client.Project, client.Company, workType: "Internal", percent: 0),
            Recorded(claimed, client.Tasks[0], client.Project, client.Company, date: Oct5, minutes: 60),
            Recorded(late1, client.Tasks[1], client.Project, client.Company, date: Oct20, minutes: 30),
            Recorded(late2, client.Tasks[2], client.Project, client.Company, date: Oct25, minutes: 45),
            Recorded(Guid.NewGuid(), freeTask, client.Project, client.Company, date: Oct5, minutes: 120));
        await _world.CreatedAsync(Request(client.Company, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7)) with { MinBillablePercent = 1 });

        var november = await PreviewAsync(client.Company, Nov1);

        var earlier = november.EarlierUnbilled!;
        Assert.Equal((2, 75, Oct20), (earlier.Entries, earlier.Minutes, earlier.EarliestDate));
        var project = Assert.Single(earlier.Projects);
        Assert.Equal((client.Project, "Project", 2, 75, Oct20), (project.ProjectId, project.ProjectName, project.Entries, project.Minutes, project.EarliestDate));

        var widened = await PreviewAsync(client.Company, earlier.EarliestDate);
        Assert.Null(widened.EarlierUnbilled);
        Assert.Equal(november.Lines.Sum(l => l.EntryCount) + 2, widened.Lines.Sum(l => l.EntryCount));
        Assert.Equal(november.Totals.Amount + 125m, widened.Totals.Amount); // 75 minutes at 100/h
    }

    [Fact]
    public async Task The_leakage_report_lists_old_unclaimed_billable_time_per_client_priced_with_totals_per_currency()
    {
        // The clock stands at 1 December 2026; 30 days back is 1 November.
        var acme = await _world.SeedAsync(name: "Acme", currency: "EUR");
        var beta = await _world.SeedAsync(name: "Beta", currency: "USD");
        var gamma = await _world.SeedAsync(name: "Gamma", currency: "EUR");
        var designTask = Guid.NewGuid();
        await _world.Events.DeliverAsync(
            TaskEvent(designTask, acme.Project, acme.Company, workType: "Design"),
            Project(acme.Project, acme.Company, version: 2, rates:
                [new ProjectRate("Development", null, 100m, new DateOnly(2026, 1, 1)), new ProjectRate("Design", null, 80m, new DateOnly(2026, 9, 1))]),
            Recorded(Guid.NewGuid(), acme.Tasks[0], acme.Project, acme.Company, date: Oct5, minutes: 90),
            Recorded(Guid.NewGuid(), designTask, acme.Project, acme.Company, date: Oct20, minutes: 30),
            Recorded(Guid.NewGuid(), beta.Tasks[0], beta.Project, beta.Company, date: Oct25, minutes: 60),
            Recorded(Guid.NewGuid(), gamma.Tasks[0], gamma.Project, gamma.Company, date: Oct20, minutes: 60));
        // Gamma's October time is in a report: not leakage.
        await _world.CreatedAsync(Request(gamma.Company, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)));

        var report = await UnbilledAsync(null);

        Assert.Equal((30, new DateOnly(2026, 11, 1)), (report.OlderThanDays, report.Before));
        Assert.Equal(
            [
                new UnbilledClient(acme.Company, "Acme", "EUR", 2, 120, 190.00m, 0, Oct5), // 1.5 h × 100 + 0.5 h × 80
                new UnbilledClient(beta.Company, "Beta", "USD", 1, 60, 100.00m, 0, Oct25),
            ],
            report.Clients);
        Assert.Equal([new UnbilledTotal("EUR", 2, 120, 190.00m), new UnbilledTotal("USD", 1, 60, 100.00m)], report.Totals);

        // Ten days back, November's time is old enough too.
        var wider = await UnbilledAsync(10);
        Assert.Equal(2 + acme.Entries.Count, wider.Clients.Single(c => c.CompanyId == acme.Company).Entries);
        Assert.Contains("olderThanDays", await ReportingApp.FieldErrorsAsync(await UnbilledResultAsync(-1)));
    }

    private async Task<PreviewAnswer> PreviewAsync(Guid company, DateOnly from) =>
        await ReportingApp.ReadAsync<PreviewAnswer>(await _world.Manager.PostAsJsonAsync("/api/reports/preview",
            new PreviewRequest(company, from, Nov30, null, null, null, null, null, null), ReportingApp.Json), HttpStatusCode.OK);

    private Task<HttpResponseMessage> UnbilledResultAsync(int? days) =>
        _world.Manager.GetAsync($"/api/reports/unbilled{(days is { } d ? $"?olderThanDays={d}" : "")}");

    private async Task<UnbilledReport> UnbilledAsync(int? days) =>
        await ReportingApp.ReadAsync<UnbilledReport>(await UnbilledResultAsync(days), HttpStatusCode.OK);
}
