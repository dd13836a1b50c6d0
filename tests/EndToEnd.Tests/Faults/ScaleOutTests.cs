using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit.Abstractions;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>A system of its own with two replicas of each of the four services; run alone, after the others.</summary>
[CollectionDefinition(nameof(ScaleOutCollection), DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutSystemFixture>;

/// <summary>The whole system with <c>Clearhours:Replicas=2</c>: Tasks, Reporting, Billing and Documents run twice each.</summary>
public sealed class ScaleOutSystemFixture : FaultSystemFixture
{
    protected override IEnumerable<string> MoreArguments => ["--Clearhours:Replicas=2"];
}

/// <summary>
/// Scale-out: with two replicas of every service, reports approved and paid in a burst give no duplicate effect (each
/// approval invoiced once, each payment applied once), and the work is shared: both Billing replicas publish from
/// their outbox.
/// </summary>
[Collection(nameof(ScaleOutCollection))]
public sealed class ScaleOutTests(ScaleOutSystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_replicas_of_every_service_apply_each_approval_and_payment_once_and_both_billing_relays_publish()
    {
        var clock = Stopwatch.StartNew();
        // What Billing publishes, seen from a queue of the test's own: MassTransit's envelope names the publishing process.
        var publishers = new ConcurrentDictionary<string, int>();
        var factory = new ConnectionFactory { Uri = new Uri(await system.ConnectionStringAsync("messaging")) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var listening = false;
        foreach (var exchange in new[] { "Clearhours.Contracts.Billing:InvoiceIssued", "Clearhours.Contracts.Billing:PaymentApplied" })
        {
            // The exchange exists once Reporting's and Documents' consumers are bound to it, which the fixture waited for.
            await channel.QueueBindAsync(queue, exchange, "");
            listening = true;
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var host = envelope.RootElement.GetProperty("host");
            var process = $"{host.GetProperty("machineName").GetString()}:{host.GetProperty("processId").GetInt32()}";
            publishers.AddOrUpdate(process, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var invoices = await IssuedInvoices.CreateAsync(system, companies: 4, months: 3);
        output.WriteLine($"Setup: {invoices.Count} invoices issued through two replicas of each service in {clock.Elapsed.TotalSeconds:F0} s.");

        var run = Guid.NewGuid().ToString("N")[..8];
        var plan = PaymentBurst.Plan(invoices, parts: 5, everyNthTwice: 7, run);
        var burst = new PaymentBurst(system, PaymentBurst.Sequence(plan), perSecond: 10);
        await burst.RunAsync(patience: TimeSpan.FromSeconds(30));
        var accounting = await FaultAccounting.TakeAsync(system, invoices, plan, burst, TimeSpan.FromMinutes(3));

        // Every approval invoiced once: exactly the months' invoices per company, no second invoice for a report.
        var accountant = await system.StaffClientAsync("accountant");
        var all = await IssuedInvoices.InvoicesAsync(accountant, invoices.Select(i => i.CompanyId).Distinct(), perCompany: 3);
        output.WriteLine(accounting.Line("Two replicas", burst) +
                         $" Billing's events came from {publishers.Count} processes: {string.Join(", ", publishers.Select(p => $"{p.Key} {p.Value}"))}. Total {clock.Elapsed.TotalSeconds:F0} s.");

        Assert.True(listening);
        Assert.Equal(invoices.Count, all.Select(i => i.ReportId).Distinct().Count());
        Assert.True(publishers.Count >= 2, $"Only {publishers.Count} Billing process published: {string.Join(", ", publishers.Keys)}");
        accounting.AssertNothingLostOrDuplicated();
    }
}
