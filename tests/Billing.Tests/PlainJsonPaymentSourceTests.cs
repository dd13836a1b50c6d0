using System.Text;
using System.Text.Json;
using Clearhours.Billing.Model;
using Clearhours.Billing.Payments;
using Clearhours.Billing.Tests.Http;
using Clearhours.Messaging;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Clearhours.Billing.Tests;

/// <summary>
/// Payments published as plain JSON to the fanout exchange clearhours.payments by a system that knows nothing of
/// MassTransit, played here by the bare RabbitMQ client.
/// </summary>
public sealed class PlainJsonPaymentSourceTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private const string Queue = "billing-payment-json";

    private BillingApp _app = null!;

    public async Task InitializeAsync() => _app = await BillingApp.StartAsync(servers);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_plain_json_payment_published_with_a_plain_amqp_client_is_applied()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1234.50m);

        await PublishAndWaitAsync(Json("PP-1043", invoice.PaymentReference, "1234.50"));

        var stored = await PaymentSources.InvoiceAsync(_app, invoice.Id);
        Assert.Equal((1234.50m, 0m, InvoiceStatus.Paid), (stored.PaidAmount, stored.Balance, stored.Status));
        await using var db = _app.NewDbContext();
        var payment = await db.Payments.SingleAsync();
        Assert.Equal(("bank-alpha", "PP-1043", "ООО «Акме»", "BY00ALFA0000", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)),
            (payment.Source, payment.ExternalId, payment.PayerName, payment.PayerAccount, payment.PaidAt));
    }

    [Fact]
    public async Task A_plain_json_payment_sent_anew_by_masstransit_as_a_delayed_redelivery_does_keeps_its_body_and_is_applied()
    {
        // A payment that failed its immediate retries (the database down) is redelivered by MassTransit, which
        // serializes the consumed message anew: the payment must survive that, not arrive as an empty object.
        var invoice = await PaymentSources.IssueAsync(_app, 300m);
        using var body = JsonDocument.Parse(Json("PP-R1", invoice.PaymentReference, "300"));
        var id = Guid.NewGuid();
        var queue = await _app.Service.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{Queue}"));
        await queue.Send(new PaymentJsonMessage(body.RootElement.Clone()), send => send.MessageId = id);
        await _app.Consumed.WaitForAsync(typeof(PaymentJsonMessage), id, 1);

        var stored = await PaymentSources.InvoiceAsync(_app, invoice.Id);
        Assert.Equal((300m, InvoiceStatus.Paid), (stored.PaidAmount, stored.Status));
    }

    [Fact]
    public async Task The_same_plain_json_payment_published_twice_is_applied_once()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var body = Json("PP-7", invoice.Number, "250");

        await PublishAndWaitAsync(body);
        await PublishAndWaitAsync(body);

        Assert.Equal(250m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        await using var db = _app.NewDbContext();
        Assert.Equal(1, await db.Payments.CountAsync());
    }

    [Fact]
    public async Task Bad_plain_json_goes_to_the_error_queue_with_its_reason_applies_nothing_and_does_not_hold_up_the_next_payment()
    {
        var invoice = await PaymentSources.IssueAsync(_app, 1000m);
        var reference = invoice.PaymentReference;
        (string Body, string Reason)[] corpus =
        [
            ("""{"source": "bank-alpha", "externalId": "B-1", "amount": 1""", "invalid"),
            ("[1, 2]", "JSON object"),
            (Json("B-2", reference, "100").Replace("\"amount\": 100,", ""), "amount"),
            (Json("B-3", reference, "-5"), "amount"),
            (Json("B-4", reference, "1e30"), "amount"),
            (Json("B-5", reference, "12.345"), "two decimals"),
            (Json("B-6", reference, "100").Replace("\"BYN\"", "\"XXQ\""), "currency"),
            (Json("B-7", reference, "\"12.50\""), "amount"),
            (Json("B-8", reference, "100").Replace("\"2026-11-28T10:00:00Z\"", "\"yesterday\""), "paidAt"),
            (Json("B-9", reference, "100").Replace("\"externalId\": \"B-9\",", ""), "externalId"),
        ];

        foreach (var (body, _) in corpus)
        {
            await PublishAsync(body);
        }

        await PublishAndWaitAsync(Json("GOOD-1", reference, "100"));

        await PaymentSources.ErrorQueueHoldsAsync(_app, Queue, (uint)corpus.Length);
        var reasons = await ErrorReasonsAsync();
        Assert.Equal(corpus.Length, reasons.Count);
        foreach (var (body, reason) in corpus)
        {
            Assert.Contains(reason, reasons[body], StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(100m, (await PaymentSources.InvoiceAsync(_app, invoice.Id)).PaidAmount);
        await using var db = _app.NewDbContext();
        Assert.Equal(["GOOD-1"], await db.Payments.Select(p => p.ExternalId).ToListAsync());
    }

    private static string Json(string externalId, string reference, string amount) => $$"""
        {
          "source": "bank-alpha",
          "externalId": "{{externalId}}",
          "reference": {{JsonSerializer.Serialize(reference)}},
          "amount": {{amount}},
          "currency": "BYN",
          "paidAt": "2026-11-28T10:00:00Z",
          "payerName": "ООО «Акме»",
          "payerAccount": "BY00ALFA0000",
          "purpose": "Оплата по счёту"
        }
        """;

    private async Task PublishAndWaitAsync(string body) =>
        await _app.Consumed.WaitForAsync(typeof(PaymentJsonMessage), await PublishAsync(body), 1);

    /// <summary>Publishes as any non-.NET system would: a durable JSON message to the fanout exchange, with a message id.</summary>
    private async Task<Guid> PublishAsync(string body)
    {
        var id = Guid.NewGuid();
        await using var connection = await Broker.CreateConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = id.ToString() };
        await channel.BasicPublishAsync(PaymentJsonConsumer.Exchange, "", mandatory: true, properties, Encoding.UTF8.GetBytes(body));
        return id;
    }

    /// <summary>The reason MassTransit gave each message of the error queue, by its body.</summary>
    private async Task<Dictionary<string, string>> ErrorReasonsAsync()
    {
        await using var connection = await Broker.CreateConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var reasons = new Dictionary<string, string>();
        while (await channel.BasicGetAsync(ErrorQueues.ErrorQueueOf(Queue), autoAck: true) is { } message)
        {
            var fault = message.BasicProperties.Headers is { } headers && headers.TryGetValue("MT-Fault-Message", out var value) ? value as byte[] : null;
            reasons[Encoding.UTF8.GetString(message.Body.Span)] = fault is null ? "" : Encoding.UTF8.GetString(fault);
        }

        return reasons;
    }

    private BrokerAddress Broker => _app.Service.Services.GetRequiredService<BrokerAddress>();
}

/// <summary>The payloads the README's curl and pika examples publish (both checked against a real broker) are payments.</summary>
public sealed class PaymentJsonTests
{
    [Theory]
    [InlineData("""{"source":"bank-alpha","externalId":"PP-1043","reference":"RF582026000101","amount":1234.50,"currency":"BYN","paidAt":"2026-11-28T10:00:00Z","payerName":"ООО «Акме»","purpose":"Оплата по счёту"}""", "1234.50", "2026-11-28T10:00:00+00:00")]
    [InlineData("""{"source": "bank-alpha", "externalId": "PP-1044", "reference": "СЧ-2026-0001", "amount": 500.0, "currency": "BYN", "paidAt": "2026-11-28T10:05:00+03:00", "payerName": "ООО «Акме»", "payerAccount": "BY20AKBB30120000000000000001", "purpose": "Оплата по счёту"}""", "500", "2026-11-28T07:05:00+00:00")]
    public void The_readme_examples_are_payments(string json, string amount, string paidAt)
    {
        var read = PaymentJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.True(read.IsPayment, read.Errors.ToString());
        Assert.Equal((decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(paidAt, System.Globalization.CultureInfo.InvariantCulture)),
            (read.Payment!.Amount, read.Payment.PaidAt));
    }
}
