using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Clearhours.EndToEnd.Tests.Faults;

/// <summary>One distinct payment of the ledger of what was sent.</summary>
public sealed record PlannedPayment(string ExternalId, IssuedInvoice Invoice, decimal Amount, string Body, bool SentTwice);

/// <summary>
/// Payments as an outside system publishes them: plain JSON to the <c>clearhours.payments</c> exchange, durable, with
/// publisher confirms. A publish the broker did not confirm (it is down, or the connection dropped) is sent again on a
/// new connection until it is confirmed, as a bank's integration retries: sending twice is safe, the payment's source
/// and external id are its key.
/// </summary>
public sealed class PaymentBurst(FaultSystemFixture system, IReadOnlyList<PlannedPayment> sends, double perSecond)
{
    public const string Source = "fault-bank";

    private readonly ConcurrentDictionary<string, bool> _acked = new();
    private readonly ConcurrentBag<string> _failures = [];
    private int _published;
    private int _retries;

    /// <summary>Every planned payment acknowledged by the broker at least once.</summary>
    public IReadOnlyCollection<string> Acknowledged => [.. _acked.Keys];

    /// <summary>Publishes the broker never confirmed, even after retries: what the sender would report as not sent.</summary>
    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Sends done (confirmed or given up), of <see cref="Count"/>.</summary>
    public int Published => Volatile.Read(ref _published);

    public int Count => sends.Count;

    /// <summary>Publishes sent again after the broker did not confirm them.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>
    /// Every invoice paid in <paramref name="parts"/> parts; every <paramref name="everyNthTwice"/>th part also sent a
    /// second time. Half the invoices are named by their payment reference, half by their number, as banks do.
    /// </summary>
    public static List<PlannedPayment> Plan(IReadOnlyList<IssuedInvoice> invoices, int parts, int everyNthTwice, string run)
    {
        var plan = new List<PlannedPayment>();
        for (var part = 0; part < parts; part++)
        {
            foreach (var (invoice, i) in invoices.Select((invoice, i) => (invoice, i)))
            {
                var share = Math.Floor(invoice.Total / parts * 100m) / 100m;
                var amount = part < parts - 1 ? share : invoice.Total - share * (parts - 1);
                var reference = i % 2 == 0 ? invoice.PaymentReference : invoice.Number;
                var externalId = $"{run}-{invoice.Number}-{part}";
                var body = JsonSerializer.Serialize(new
                {
                    source = Source,
                    externalId,
                    reference,
                    amount,
                    currency = "BYN",
                    paidAt = DateTimeOffset.UtcNow,
                    payerName = "ООО «Клиент»",
                    payerAccount = "BY20ALFA30120000000000000000",
                    purpose = $"Оплата по счёту {invoice.Number}, часть {part + 1}",
                });
                plan.Add(new PlannedPayment(externalId, invoice, amount, body, plan.Count % everyNthTwice == 0));
            }
        }

        return plan;
    }

    /// <summary>The order of the sends: each payment once, and a payment sent twice again 40 sends later.</summary>
    public static List<PlannedPayment> Sequence(IReadOnlyList<PlannedPayment> plan) =>
        plan.Select((p, i) => (p, key: (double)i))
            .Concat(plan.Select((p, i) => (p, key: i + 40.5)).Where(x => x.p.SentTwice))
            .OrderBy(x => x.key).Select(x => x.p).ToList();

    /// <summary>Publishes every send at the burst's rate; a send not confirmed within <paramref name="patience"/> is given up.</summary>
    public async Task<TimeSpan> RunAsync(TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        IConnection? connection = null;
        IChannel? channel = null;
        try
        {
            for (var i = 0; i < sends.Count; i++)
            {
                if (TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                var payment = sends[i];
                var giveUpAt = DateTime.UtcNow + patience;
                while (true)
                {
                    try
                    {
                        if (channel is not { IsOpen: true })
                        {
                            (connection, channel) = await ConnectAsync(connection, channel);
                        }

                        // A message id of its own per send, as an outside system does.
                        var properties = new BasicProperties
                        {
                            ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString(),
                        };
                        // With confirmation tracking this returns once the broker confirmed, and throws on a nack or a return;
                        // a confirm the broker never sends (it went down mid-publish) counts as not confirmed.
                        using var confirmWithin = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                        await channel!.BasicPublishAsync("clearhours.payments", "", mandatory: true, properties,
                            Encoding.UTF8.GetBytes(payment.Body), confirmWithin.Token);
                        _acked[payment.ExternalId] = true;
                        break;
                    }
                    catch (Exception error)
                    {
                        if (DateTime.UtcNow >= giveUpAt)
                        {
                            _failures.Add($"{payment.ExternalId}: {error.GetType().Name}: {error.Message}");
                            break;
                        }

                        Interlocked.Increment(ref _retries);
                        await CloseAsync(connection, channel);
                        (connection, channel) = (null, null);
                        await Task.Delay(500);
                    }
                }

                Interlocked.Increment(ref _published);
            }
        }
        finally
        {
            await CloseAsync(connection, channel);
        }

        return clock.Elapsed;
    }

    private async Task<(IConnection, IChannel)> ConnectAsync(IConnection? oldConnection, IChannel? oldChannel)
    {
        await CloseAsync(oldConnection, oldChannel);
        var factory = new ConnectionFactory { Uri = new Uri(await system.ConnectionStringAsync("messaging")) };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return (connection, channel);
    }

    private static async Task CloseAsync(IConnection? connection, IChannel? channel)
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // A connection the broker already dropped may throw on close; a new one is opened anyway.
        }
    }
}
