using System.Net;
using Clearhours.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>Reports as Reporting's staff APIs send them: the board, a search page, a card.</summary>
public static class BoardSamples
{
    public static readonly Guid Acme = Guid.Parse("0193a000-0000-7000-8000-00000000ac01");
    public static readonly Guid CardId = Guid.Parse("0193a000-0000-7000-8000-0000000000c1");

    /// <summary>A UUIDv7 id minted <paramref name="daysAgo"/> days ago, as Reporting mints a report's id.</summary>
    public static Guid IdCreated(int daysAgo, int n = 1)
    {
        var ms = DateTimeOffset.UtcNow.AddDays(-daysAgo).AddHours(-1).ToUnixTimeMilliseconds();
        return Guid.Parse($"{ms:x12}".Insert(8, "-") + $"-7000-8000-{n:x12}");
    }

    /// <summary>A report created a week ago that entered its status <paramref name="daysAgo"/> days ago.</summary>
    public static ReportSummary Summary(string number, ReportStatus status, decimal amount, string currency = "BYN", int daysAgo = 3,
        string client = "Acme LLC", int n = 1, decimal hours = 12.5m) =>
        new(IdCreated(7, n), number, $"{client}, October", Acme, client, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), status,
            amount, currency, hours, DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddDays(-daysAgo).AddHours(-1));

    public static IReadOnlyList<BoardColumn> Board() =>
    [
        new(ReportStatus.Draft, 2, [new("BYN", 1234.50m), new("USD", 300m)],
            [Summary("R-2026-0001", ReportStatus.Draft, 1234.50m, daysAgo: 3), Summary("R-2026-0002", ReportStatus.Draft, 300m, "USD", n: 2)]),
        new(ReportStatus.Sent, 1, [new("BYN", 500m)], [Summary("R-2026-0003", ReportStatus.Sent, 500m, n: 3)]),
        new(ReportStatus.ChangesRequested, 0, [], []),
        new(ReportStatus.Approved, 0, [], []),
        new(ReportStatus.Invoiced, 0, [], []),
        new(ReportStatus.Paid, 120, [new("BYN", 99000m)], [Summary("R-2026-0004", ReportStatus.Paid, 825m, n: 4)]),
        new(ReportStatus.Cancelled, 1, [new("BYN", 10m)], [Summary("R-2026-0005", ReportStatus.Cancelled, 10m, n: 5)]),
    ];

    public static Page<ReportClient> Clients() => new([new ReportClient(Acme, "Acme LLC", "BYN")], 1, 500, 1);

    private static ReportLine Line(Guid task, string key, string title, string workType, int minutes, decimal? rate, decimal amount,
        string? reason = null, string? url = null) =>
        new(task, key, title, url, workType, minutes, reason is null ? 100 : 0, reason is null ? minutes : 0, reason is null ? minutes / 60m : 0m,
            rate, amount, reason);

    /// <summary>A draft of three lines, two of one task (two work types) with the other task's line between them.</summary>
    public static ReportCard Card(ReportStatus status = ReportStatus.Draft)
    {
        var checkout = Guid.NewGuid();
        var demo = Guid.NewGuid();
        var sent = status != ReportStatus.Draft;
        return new ReportCard(CardId, "R-2026-0007", "Acme LLC, October", Acme, "Acme LLC", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31),
            "BYN", status,
            [
                new CardLine(1, Line(checkout, "WEB-1", "Checkout page", "Development", 750, 98.76m, 1234.50m, url: "https://planner.example/WEB-1"), false),
                new CardLine(2, Line(demo, "WEB-2", "Internal demo", "Meetings", 90, 98.76m, 0m, reason: "Internal meeting"), false),
                new CardLine(3, Line(checkout, "WEB-1", "Checkout page", "Design", 60, 80m, 80m), false),
            ],
            [new Adjustment(1, "Loyalty discount", -34.50m, "Agreed in September")],
            new ReportTotals(15m, 13.5m, 1.5m, 1280m, "BYN"), 1280m,
            [
                new StatusChange(null, ReportStatus.Draft, "maria", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), null),
                .. sent ? [new StatusChange(ReportStatus.Draft, ReportStatus.Sent, "maria", new DateTimeOffset(2026, 11, 2, 10, 30, 0, TimeSpan.Zero), null)]
                    : Array.Empty<StatusChange>(),
            ],
            sent ? new string('c', 64) : null, null, [], null, [], 4, new LockStatus(12, 12, true, []), [], [], null);
    }

    /// <summary>The web app of <paramref name="app"/> with every gateway call's path and query kept in <paramref name="sent"/>.</summary>
    public static WebApplicationFactory<Program> Recording(this WebApp app, List<string> sent) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient<GatewayApi>().AddHttpMessageHandler(() => new QueryRecorder(sent))));

    public static Browser Browse(this WebApplicationFactory<Program> site) =>
        new(site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public static void AnswerCard(this FakeGateway gateway, ReportCard card) =>
        gateway.Answer(HttpMethod.Get, $"/api/reports/{card.Id}", HttpStatusCode.OK, card);
}
