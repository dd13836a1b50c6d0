using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Model;
using Clearhours.Tasks.Tests.Infrastructure;
using Clearhours.Testing;

namespace Clearhours.Tasks.Tests;

/// <summary>GET /api/time-entries: filters and paging.</summary>
public sealed class ListingTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private TasksApp _app = null!;

    public async Task InitializeAsync() => _app = await TasksApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static DateOnly March(int day) => new(2026, 3, day);

    [Fact]
    public async Task Paging_through_120_entries_with_page_size_50_returns_each_once_in_a_stable_order()
    {
        var company = await _app.CreateCompanyAsync();
        var project = await _app.CreateProjectAsync(company.Id);
        var tasks = new[] { await _app.CreateTaskAsync(project.Id, title: "One"), await _app.CreateTaskAsync(project.Id, title: "Two") };
        var recorded = new List<TimeEntryDto>();
        for (var i = 0; i < 120; i++)
        {
            // Three dates only: most entries tie on the date, so the order has to break ties itself.
            recorded.Add(await _app.RecordAsync(tasks[i % 2].Id, $"person{i % 7}", March(3 - (i % 3)), 10 + i));
        }

        var first = await PageThroughAsync($"projectId={project.Id}");
        var second = await PageThroughAsync($"projectId={project.Id}");

        Assert.Equal(recorded.Count, first.Distinct().Count());
        Assert.Equal(recorded.Select(e => e.Id).Order(), first.Order());
        Assert.Equal(first, second);
        var dates = recorded.ToDictionary(e => e.Id, e => e.WorkDate);
        Assert.Equal(first.OrderBy(id => dates[id]).ThenBy(id => id.ToString(), StringComparer.Ordinal), first);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_says_the_total()
    {
        var seeded = await SeedAsync();

        var page = await _app.ListEntriesAsync("page=3&pageSize=5");

        Assert.Empty(page.Items);
        Assert.Equal((3, 5, seeded.All.Length), (page.PageNumber, page.PageSize, page.Total));
    }

    [Fact]
    public async Task Entries_filter_by_company()
    {
        var seeded = await SeedAsync();

        await AssertListsAsync($"companyId={seeded.Acme.Id}", seeded.All.Where(e => e.CompanyId == seeded.Acme.Id));
        await AssertListsAsync($"companyId={seeded.Globex.Id}", seeded.All.Where(e => e.CompanyId == seeded.Globex.Id));
        await AssertListsAsync($"companyId={Guid.NewGuid()}", []);
    }

    [Fact]
    public async Task Entries_filter_by_project()
    {
        var seeded = await SeedAsync();

        await AssertListsAsync($"projectId={seeded.AcmeWeb.Id}", seeded.All.Where(e => e.ProjectId == seeded.AcmeWeb.Id));
        await AssertListsAsync($"projectId={seeded.AcmeApp.Id}", seeded.All.Where(e => e.ProjectId == seeded.AcmeApp.Id));
    }

    [Fact]
    public async Task Entries_filter_by_person()
    {
        var seeded = await SeedAsync();

        await AssertListsAsync("person=ann", seeded.All.Where(e => e.Person == "ann"));
        await AssertListsAsync($"person=ann&companyId={seeded.Acme.Id}", seeded.All.Where(e => e.Person == "ann" && e.CompanyId == seeded.Acme.Id));
        await AssertListsAsync("person=nobody", []);
    }

    [Fact]
    public async Task Entries_filter_by_date_range_with_both_ends_included()
    {
        var seeded = await SeedAsync();

        await AssertListsAsync("from=2026-03-02&to=2026-03-15", seeded.All.Where(e => e.WorkDate >= March(2) && e.WorkDate <= March(15)));
        await AssertListsAsync("from=2026-03-10", seeded.All.Where(e => e.WorkDate >= March(10)));
        await AssertListsAsync("to=2026-03-01", seeded.All.Where(e => e.WorkDate <= March(1)));
    }

    [Fact]
    public async Task Entries_filter_by_billing_state()
    {
        var seeded = await SeedAsync();
        var report = await _app.ApproveAsync(seeded.Acme.Id, "R-1", seeded.All[0], seeded.All[1]);
        var paidReport = await _app.ApproveAsync(seeded.Globex.Id, "R-2", seeded.All[5]);
        await _app.PayAsync(paidReport, seeded.All[5]);

        await AssertListsAsync("billingState=InReport", [seeded.All[0], seeded.All[1]]);
        await AssertListsAsync("billingState=Paid", [seeded.All[5]]);
        await AssertListsAsync("billingState=Unbilled", seeded.All.Except([seeded.All[0], seeded.All[1], seeded.All[5]]));
        Assert.Equal(report.ReportId, (await _app.ListEntriesAsync("billingState=InReport")).Items[0].ReportId);
    }

    /// <summary>Lists with a small page size, so the filter is checked across pages too.</summary>
    private async Task AssertListsAsync(string filter, IEnumerable<TimeEntryDto> expected)
    {
        var ids = await PageThroughAsync(filter, pageSize: 2);
        Assert.Equal(expected.Select(e => e.Id).Order(), ids.Order());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private async Task<List<Guid>> PageThroughAsync(string filter, int pageSize = 50)
    {
        var ids = new List<Guid>();
        for (var number = 1; ; number++)
        {
            var page = await _app.ListEntriesAsync($"{filter}&page={number}&pageSize={pageSize}");
            Assert.Equal((number, pageSize), (page.PageNumber, page.PageSize));
            ids.AddRange(page.Items.Select(e => e.Id));
            if (number * pageSize >= page.Total)
            {
                Assert.Equal(page.Total, ids.Count);
                Assert.Equal(page.Total - ((number - 1) * pageSize), page.Items.Count);
                return ids;
            }

            Assert.Equal(pageSize, page.Items.Count);
        }
    }

    private sealed record Seeded(CompanyDto Acme, CompanyDto Globex, ProjectDto AcmeWeb, ProjectDto AcmeApp, TimeEntryDto[] All);

    /// <summary>Two companies, three projects, three people over March and the first of April.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var acme = await _app.CreateCompanyAsync("Acme");
        var globex = await _app.CreateCompanyAsync("Globex", "USD");
        var acmeWeb = await _app.CreateProjectAsync(acme.Id, "Acme web");
        var acmeApp = await _app.CreateProjectAsync(acme.Id, "Acme app");
        var globexWeb = await _app.CreateProjectAsync(globex.Id, "Globex web");
        var web = await _app.CreateTaskAsync(acmeWeb.Id, title: "Landing page");
        var app = await _app.CreateTaskAsync(acmeApp.Id, "Design", title: "App icons");
        var globexTask = await _app.CreateTaskAsync(globexWeb.Id, "Bug fixing", title: "Checkout bug");
        TimeEntryDto[] all =
        [
            await _app.RecordAsync(web.Id, "ann", March(1), 60),
            await _app.RecordAsync(web.Id, "bob", March(2), 30),
            await _app.RecordAsync(web.Id, "ann", March(10), 45),
            await _app.RecordAsync(app.Id, "bob", March(5), 120),
            await _app.RecordAsync(app.Id, "ann", March(31), 15),
            await _app.RecordAsync(globexTask.Id, "ann", March(15), 90),
            await _app.RecordAsync(globexTask.Id, "carl", new DateOnly(2026, 4, 1), 20),
        ];
        return new Seeded(acme, globex, acmeWeb, acmeApp, all);
    }
}
