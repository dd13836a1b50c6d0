using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Billing.Infrastructure;
using Clearhours.Messaging;
using MassTransit;

namespace Clearhours.Billing.Payments;

/// <summary>
/// What a plain-JSON payment is to MassTransit: the body as published, whatever JSON value it is, for
/// <see cref="PaymentJsonConsumer"/> to judge, so that even an array or a wrong type is refused there with a reason.
/// Written back as the same JSON: a redelivery (which MassTransit serializes anew) carries the payment again.
/// </summary>
[JsonConverter(typeof(AnyJsonValue))]
public sealed class PaymentJsonMessage(JsonElement body)
{
    public JsonElement Body { get; } = body;

    private sealed class AnyJsonValue : JsonConverter<PaymentJsonMessage>
    {
        public override bool HandleNull => true;

        public override PaymentJsonMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new PaymentJsonMessage(document.RootElement.Clone());
        }

        public override void Write(Utf8JsonWriter writer, PaymentJsonMessage value, JsonSerializerOptions options) =>
            value.Body.WriteTo(writer);
    }
}

/// <summary>
/// Payments from systems that know nothing of MassTransit, published as plain JSON to the fanout exchange
/// <c>clearhours.payments</c>. One that is not a payment goes to the error queue with its reasons, at once: a retry
/// would read the same bytes.
/// </summary>
public sealed class PaymentJsonConsumer(PaymentIntake intake, ILogger<PaymentJsonConsumer> logger) : IConsumer<PaymentJsonMessage>
{
    public const string Exchange = "clearhours.payments";

    public async Task Consume(ConsumeContext<PaymentJsonMessage> context)
    {
        var read = PaymentJson.Read(Encoding.UTF8.GetBytes(context.Message.Body.GetRawText()));
        if (!read.IsPayment)
        {
            throw new MessageRefusedException($"Not a payment: {read.Errors}");
        }

        var outcome = await intake.ReceiveAsync(read.Payment!, "amqp", context.CancellationToken);
        logger.LogInformation("Payment {Source}/{ExternalId} as plain JSON: {Outcome}", read.Payment!.Source, read.Payment.ExternalId, outcome.Kind);
    }
}

public sealed class PaymentJsonConsumerDefinition : ConsumerDefinition<PaymentJsonConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PaymentJsonConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Bound to the integrators' exchange, not to a MassTransit message type's.
        endpointConfigurator.ConfigureConsumeTopology = false;
        // Any body, with or without content_type: application/json, is handed to the consumer to judge.
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.Bind(PaymentJsonConsumer.Exchange, exchange => exchange.ExchangeType = "fanout");
        }
    }
}
