using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using MassTransit;

namespace Clearhours.Billing.Consumers;

/// <summary>
/// A payment from a .NET system on the bus. No inbox row: the intake keys every payment by (source, external id), so a
/// redelivery or a resend under a new message id is a Duplicate that changes nothing, in one transaction of its own.
/// </summary>
public sealed class PaymentReceivedConsumer(PaymentIntake intake, ILogger<PaymentReceivedConsumer> logger) : IConsumer<PaymentReceived>
{
    public async Task Consume(ConsumeContext<PaymentReceived> context)
    {
        if (PaymentInput.Check(context.Message) is { Any: true } errors)
        {
            // No retry can make it a payment: straight to the error queue, with the reasons.
            throw new MessageRefusedException($"Not a payment: {errors}");
        }

        var outcome = await intake.ReceiveAsync(context.Message, "bus", context.CancellationToken);
        // An applied or unmatched payment has its line from what was committed (BillingChanges); a duplicate changed nothing.
        if (outcome.Kind == PaymentOutcomeKind.Duplicate)
        {
            logger.LogInformation("Payment {Source}/{ExternalId} from the bus was received before; nothing changed", context.Message.Source, context.Message.ExternalId);
        }
    }
}
