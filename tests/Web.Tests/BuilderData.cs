using System.Net;
using Clearhours.Web.Api;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Clearhours.Web.Tests;

/// <summary>What Tasks and Reporting answer the report builder and the leakage screen, in their JSON shapes.</summary>
public static class BuilderData
{
    public static readonly Guid Acme = Guid.Parse("0f0e0d0c-0000-0000-0000-000000000001");
    public static readonly Guid Nord = Guid.Parse("0f0e0d0c-0000-0000-0000-000000000002");
    public static readonly Guid Shop = Guid.Parse("0a0a0a0a-0000-0000-0000-000000000001");
    public static readonly Guid Support = Guid.Parse("0a0a0a0a-0000-0000-0000-000000000002");
    public static readonly Guid Checkout = Guid.Parse("0c0c0c0c-0000-0000-0000-000000000001");
    public static readonly Guid Demo = Guid.Parse("0c0c0c0c-0000-0000-0000-000000000002");
    public static readonly Guid ReportId = Guid.Parse("0d0d0d0d-0000-0000-0000-000000000001");

    /// <summary>The lists the builder's filters offer.</summary>
    public static void AnswerChoices(FakeGateway gateway)
    {
        gateway.Answer(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, new
        {
            items = new object[]
            {
                new { id = Acme, name = "Acme LLC", currency = "BYN", legalName = "ООО «Акме»", paymentTermsDays = 14, version = 1 },
                new { id = Nord, name = "Nord GmbH", currency = "EUR", legalName = (string?)null, paymentTermsDays = 30, version = 1 },
            },
            pageNumber = 1, pageSize = 500, total = 2,
        });
        gateway.Answer(HttpMethod.Get, "/api/projects", HttpStatusCode.OK, new
        {
            items = new object[]
            {
                new { id = Shop, companyId = Acme, name = "Online shop", currency = "BYN", roundingMode = "Up", roundingIncrementMinutes = 15 },
                new { id = Support, companyId = Acme, name = "Support", currency = "BYN", roundingMode = "None", roundingIncrementMinutes = 0 },
            },
            pageNumber = 1, pageSize = 500, total = 2,
        });
        gateway.Answer(HttpMethod.Get, "/api/tasks/work-types", HttpStatusCode.OK,
            new[] { new { name = "Development", defaultBillablePercent = 100 }, new { name = "Meetings", defaultBillablePercent = 0 } });
        gateway.Answer(HttpMethod.Get, "/api/tasks/statuses", HttpStatusCode.OK,
            new[] { new { name = "Open", position = 1 }, new { name = "Done", position = 2 } });
    }

    /// <summary>
    /// Three lines: Checkout at 98.76 (12.5 h, 1 234,50), Checkout again with no rate for one person (unpriced), and an
    /// internal demo at 0 %. Reporting lists billable lines first, so the unpriced Checkout line comes after the demo.
    /// </summary>
    public static object Preview(EarlierUnbilledTime? earlier = null) => new
    {
        companyId = Acme, companyName = "Acme LLC", from = "2026-10-01", to = "2026-10-31",
        lines = new object[]
        {
            new { taskId = Checkout, taskKey = "WEB-1", title = "Checkout page", taskUrl = "https://planner.example/WEB-1", workType = "Development",
                actualMinutes = 750, billablePercent = 100, billedMinutes = 750, billedHours = 12.5m, rate = 98.76m, amount = 1234.50m,
                nonBillableReason = (string?)null, entryCount = 9 },
            new { taskId = Demo, taskKey = "WEB-2", title = "Internal demo", taskUrl = (string?)null, workType = "Meetings",
                actualMinutes = 90, billablePercent = 0, billedMinutes = 0, billedHours = 0m, rate = (decimal?)50m, amount = 0m,
                nonBillableReason = "Not billable: Meetings, 0 %", entryCount = 1 },
            new { taskId = Checkout, taskKey = "WEB-1", title = "Checkout page", taskUrl = "https://planner.example/WEB-1", workType = "Development",
                actualMinutes = 120, billablePercent = 100, billedMinutes = 0, billedHours = 0m, rate = (decimal?)null, amount = 0m,
                nonBillableReason = "No rate on the project's rate card for this work", entryCount = 2 },
        },
        totals = new { actualHours = 16m, billedHours = 12.5m, nonBillableHours = 3.5m, amount = 1234.50m, currency = "BYN" },
        earlierUnbilled = earlier,
    };

    /// <summary>The draft Reporting creates from that preview: its lines numbered in the preview's order.</summary>
    public static object Draft() => new
    {
        id = ReportId, number = "R-2026-0042", title = "Acme LLC, 01.10.2026–31.10.2026", status = "Draft",
        lines = new object[]
        {
            new { no = 1, line = new { taskId = Checkout, rate = 98.76m }, excluded = false },
            new { no = 2, line = new { taskId = Demo, rate = 50m }, excluded = false },
            new { no = 3, line = new { taskId = Checkout, rate = (decimal?)null }, excluded = false },
        },
        totals = new { actualHours = 16m, billedHours = 12.5m, nonBillableHours = 3.5m, amount = 1234.50m, currency = "BYN" },
    };

    public static object Unbilled() => new
    {
        olderThanDays = 30, before = "2026-11-02",
        clients = new object[]
        {
            new { companyId = Acme, companyName = "Acme LLC", currency = "BYN", entries = 12, minutes = 630, estimatedAmount = 1036.98m,
                unpricedMinutes = 90, earliestDate = "2026-08-14" },
            new { companyId = Nord, companyName = "Nord GmbH", currency = "EUR", entries = 3, minutes = 240, estimatedAmount = 320m,
                unpricedMinutes = 0, earliestDate = "2026-09-30" },
        },
        totals = new object[]
        {
            new { currency = "BYN", entries = 12, minutes = 630, estimatedAmount = 1036.98m },
            new { currency = "EUR", entries = 3, minutes = 240, estimatedAmount = 320m },
        },
    };
}

/// <summary>Every gateway call's path and query (the fake gateway matches and keeps paths only).</summary>
public sealed class QueryLog
{
    public List<string> Sent { get; } = [];

    /// <summary>The web app, its gateway calls logged here, and a browser on it.</summary>
    public static (WebApplicationFactory<Program> App, QueryLog Log) Around(WebApp app)
    {
        var log = new QueryLog();
        var factory = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient<GatewayApi>().AddHttpMessageHandler(() => new Forward(log))));
        return (factory, log);
    }

    public static Browser Browser(WebApplicationFactory<Program> app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>A fresh handler for each client the factory builds, all writing to one log.</summary>
    private sealed class Forward(QueryLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (log.Sent)
            {
                log.Sent.Add(request.RequestUri!.PathAndQuery);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
