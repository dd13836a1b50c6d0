using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>
/// "Database down": PostgreSQL stopped (a fast shutdown, SIGINT) for 30 s in the middle of a flow of approvals and
/// payments, then started again. Payments keep arriving on the broker and wait in it (retries, then delayed
/// redelivery); a client approving meanwhile gets a 503 problem, never a 500, and approves again later. Afterwards
/// nothing lost, nothing applied twice, every approval invoiced once, every outbox drained, every service Healthy.
/// </summary>
[Collection(nameof(FaultCollection))]
public sealed class DatabaseDownTests(FaultSystemFixture system, ITestOutputHelper output)
{
    private const string Database = "postgres";
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_database_down_for_30_seconds_during_approvals_and_payments_loses_nothing_and_answers_no_500()
    {
        var flow = await FaultFlow.StartAsync(system, output, companies: 3, months: 2, sentMonths: 1, parts: 5, perSecond: 2);
        var (work, plan, burst, clock) = (flow.Work, flow.Plan, flow.Burst, flow.Clock);

        // Stop the database once a quarter of the payments is applied: the rest is still to be published or consumed.
        await flow.UntilAppliedAsync(0.25);
        var applied = await flow.AppliedAsync();
        var stoppedAt = clock.Elapsed;
        var pid = await system.StopAsync(Database, "INT", TimeSpan.FromSeconds(60));
        output.WriteLine($"PostgreSQL (pid {pid}) stopped at {stoppedAt.TotalSeconds:F0} s with {burst.Published} of {burst.Count} published, {applied} applied.");

        // While it is down: the client tries to approve, a manager reads the board, and the services say they are unwell.
        using var reporting = system.App.CreateHttpClient("reporting-api", "http");
        var manager = await system.StaffClientAsync("manager");
        var answersWhileDown = new List<string>();
        foreach (var sent in work.Sent)
        {
            answersWhileDown.Add(await AnswerAsync(reporting, HttpMethod.Post, $"/api/public/reports/{sent.Token}/approve",
                JsonContent.Create(new { name = "Olga Client", email = "olga@client.example", hash = sent.Hash })));
        }

        answersWhileDown.Add(await AnswerAsync(manager, HttpMethod.Get, "/api/reports?size=5"));
        var healthWhileDown = await system.HealthAsync("reporting-api", "Unhealthy", TimeSpan.FromSeconds(10));
        var stillDown = Down - (clock.Elapsed - stoppedAt);
        if (stillDown > TimeSpan.Zero)
        {
            await Task.Delay(stillDown);
        }

        var restartedIn = await system.StartAgainAsync(Database, pid, TimeSpan.FromMinutes(3));
        output.WriteLine($"PostgreSQL down {(clock.Elapsed - stoppedAt - restartedIn).TotalSeconds:F0} s, Healthy again {restartedIn.TotalSeconds:F0} s after its start; " +
                         $"answers while down: {string.Join("; ", answersWhileDown)}; Reporting's /health while down: {healthWhileDown}.");

        // The client approves again once the service answers.
        var approvals = new List<HttpStatusCode>();
        foreach (var sent in work.Sent)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            HttpStatusCode status;
            while ((status = await IssuedInvoices.ApproveAsync(reporting, sent)) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }

            approvals.Add(status);
        }

        await flow.Publishing;
        var accounting = await FaultAccounting.TakeAsync(system, work.Invoices, plan, burst, TimeSpan.FromMinutes(4));
        output.WriteLine(accounting.Line("Database down 30 s", burst) + $" Total {clock.Elapsed.TotalSeconds:F0} s.");

        var invoiced = await flow.InvoicedSentReportsAsync();

        Assert.All(answersWhileDown, a => Assert.StartsWith("503 application/problem+json", a));
        Assert.Equal("Unhealthy", healthWhileDown);
        Assert.All(approvals, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(work.Sent.Select(s => s.ReportId).Order(), invoiced);
        accounting.AssertNothingLostOrDuplicated();
    }

    /// <summary>"status content-type: start of the body", for the output and the assertion.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, HttpMethod method, string path, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}: {text[..Math.Min(text.Length, 160)]}";
    }
}
