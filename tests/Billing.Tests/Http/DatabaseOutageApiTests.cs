using System.Net;
using System.Net.Http.Json;
using Clearhours.Testing;
using Npgsql;

namespace Clearhours.Billing.Tests.Http;

/// <summary>
/// The service's database out of reach (a relay between the service and PostgreSQL, cut): callers get a 503 problem
/// with Retry-After, never a 500, and the service answers again once the database is back.
/// </summary>
public sealed class DatabaseOutageApiTests(ServersFixture servers) : IClassFixture<ServersFixture>
{
    [Fact]
    public async Task While_the_database_is_out_of_reach_reads_and_writes_answer_503_with_retry_after_and_then_work_again()
    {
        var database = new NpgsqlConnectionStringBuilder(await servers.CreateDatabaseAsync("billing-outage"));
        await using var outage = TcpOutage.Before(database.Host!, database.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = outage.Port }.ConnectionString;
        await using var app = await BillingApp.StartAsync(servers, new Dictionary<string, string> { ["ConnectionStrings:billingdb"] = throughRelay });
        using var staff = new BillingStaff(app);
        Assert.Equal(HttpStatusCode.OK, (await staff.Accountant.GetAsync("/api/invoices")).StatusCode);

        outage.Cut();
        using var read = await staff.Accountant.GetAsync("/api/invoices");
        using var write = await staff.Accountant.PostAsJsonAsync("/api/payments", new
        {
            source = "manual", externalId = "OUT-1", reference = "СЧ-2026-0001", amount = 10m, currency = "BYN",
            paidAt = DateTimeOffset.UtcNow, payerName = "Client",
        });

        foreach (var answer in new[] { read, write })
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.Method} {(int)answer.StatusCode}: {body}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
            Assert.Contains("database is unavailable", body);
        }

        // Back: pooled connections the cut broke are replaced, and the service answers again.
        outage.Restore();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        while ((status = (await staff.Accountant.GetAsync("/api/invoices")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
