using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests;

/// <summary>The dashboard's commands, run as the dashboard runs them: through the AppHost's ResourceCommandService.</summary>
[Collection(nameof(SystemCollection))]
public sealed class OperatorCommandsTests(SystemFixture system, ITestOutputHelper output)
{
    private static readonly string[] DemoClients = ["Northwind Studio", "Acme Retail", "Globex Logistics"];

    [Fact]
    public async Task Seeding_the_demo_data_shows_a_demo_report_in_every_column_of_the_board_and_a_second_seeding_is_refused()
    {
        var seeded = await RunAsync("gateway", "seed-demo-data", TimeSpan.FromMinutes(5));
        output.WriteLine(seeded.Message);
        Assert.True(seeded.Success, seeded.Message);

        var manager = await system.StaffClientAsync("manager");
        var board = await manager.GetFromJsonAsync<JsonElement>("/api/reports/board");
        var columns = board.EnumerateArray().ToDictionary(c => c.GetProperty("status").GetString()!);
        Assert.Equal(["Approved", "Cancelled", "ChangesRequested", "Draft", "Invoiced", "Paid", "Sent"], columns.Keys.Order());
        foreach (var (status, column) in columns)
        {
            var demo = column.GetProperty("cards").EnumerateArray().Count(c => DemoClients.Contains(c.GetProperty("companyName").GetString()));
            output.WriteLine($"{status}: {column.GetProperty("count").GetInt32()} reports, {demo} of the demo clients");
            Assert.True(demo > 0, $"no demo report under {status}");
        }

        var accountant = await system.StaffClientAsync("accountant");
        var unmatched = await accountant.GetFromJsonAsync<JsonElement>("/api/payments?status=unmatched&pageSize=500");
        Assert.Contains(unmatched.GetProperty("items").EnumerateArray(), p => p.GetProperty("externalId").GetString() == "demo-unmatched-1");

        var again = await RunAsync("gateway", "seed-demo-data", TimeSpan.FromMinutes(1));
        Assert.False(again.Success);
        Assert.Contains("there already", again.Message);
    }

    [Fact]
    public async Task Retrying_the_error_queues_brings_a_payment_back_from_the_error_queue_and_it_is_consumed()
    {
        // A plain-JSON payment that failed once: in the error queue of the consumer of clearhours.payments.
        var externalId = $"from-error-{Guid.NewGuid():N}";
        var factory = new ConnectionFactory { Uri = new Uri((await system.App.GetConnectionStringAsync("messaging"))!) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(
                         new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync("billing-payment-json_error", durable: true, exclusive: false, autoDelete: false);
            var body = JsonSerializer.Serialize(new
            {
                source = "bank-e2e-retry", externalId, reference = "no such invoice", amount = 10.00m, currency = "BYN", paidAt = DateTimeOffset.UtcNow,
            });
            await channel.BasicPublishAsync("", "billing-payment-json_error", mandatory: true,
                new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() },
                Encoding.UTF8.GetBytes(body));
        }

        var retried = await RunAsync("messaging", "retry-error-queues", TimeSpan.FromMinutes(1));
        output.WriteLine(retried.Message);
        Assert.True(retried.Success, retried.Message);
        Assert.Contains("to billing-payment-json", retried.Message);

        await PaymentArrivesAsync(externalId);
    }

    [Fact]
    public async Task Retrying_parked_outbox_rows_sends_a_parked_event()
    {
        // A PaymentReceived Billing's relay gave up on; Billing itself consumes it once it is sent.
        var externalId = $"from-parked-{Guid.NewGuid():N}";
        var payment = JsonSerializer.Serialize(new
        {
            source = "bank-e2e-parked", externalId, reference = "no such invoice", amount = 10.00m, currency = "BYN", paidAt = DateTimeOffset.UtcNow,
        });
        await using (var db = new NpgsqlConnection(await system.App.GetConnectionStringAsync("billingdb")))
        {
            await db.OpenAsync();
            await using var park = new NpgsqlCommand("""
                INSERT INTO outbox_parked (id, message_type, body, created_at, aggregate_key, attempts, last_error, parked_at)
                VALUES (@id, 'Clearhours.Contracts.Billing.PaymentReceived, Clearhours.Contracts', @body::jsonb, now(), @key, 20, 'test: parked', now())
                """, db);
            park.Parameters.AddWithValue("id", Guid.CreateVersion7());
            park.Parameters.AddWithValue("body", payment);
            park.Parameters.AddWithValue("key", externalId);
            await park.ExecuteNonQueryAsync();
        }

        var retried = await RunAsync("billing-api", "retry-parked-outbox", TimeSpan.FromMinutes(1));
        output.WriteLine(retried.Message);
        Assert.True(retried.Success, retried.Message);
        Assert.Equal("1 parked row(s) went back to the outbox.", retried.Message);

        await PaymentArrivesAsync(externalId);
    }

    private async Task PaymentArrivesAsync(string externalId)
    {
        var accountant = await system.StaffClientAsync("accountant");
        await Flows.EventuallyAsync(() => accountant.GetFromJsonAsync<JsonElement>("/api/payments?status=unmatched&pageSize=500"),
            page => page.GetProperty("items").EnumerateArray().Any(p => p.GetProperty("externalId").GetString() == externalId),
            $"payment {externalId} recorded as unmatched", TimeSpan.FromSeconds(30));
    }

    private async Task<ExecuteCommandResult> RunAsync(string resource, string command, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await system.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, timeout.Token);
    }
}
