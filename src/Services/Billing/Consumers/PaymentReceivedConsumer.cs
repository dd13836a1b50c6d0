using Clearhours.Billing.Infrastructure;
using Clearhours.Billing.Model;
using Clearhours.Contracts.Billing;
using Clearhours.Messaging;
using MassTransit;

namespace Clearhours.Billing.Consumers;

/// <summary>
/// A payment from a .NET system on the bus. The inbox skips a redelivered message; a resend under a new message id is
/// still one payment, since the intake keys it by (source, external id).
/// </summary>
public sealed class PaymentReceivedConsumer(BillingDbContext db, IServiceScopeFactory scopes, ILogger<PaymentReceivedConsumer> logger)
    : IConsumer<PaymentReceived>
{
    public async Task Consume(ConsumeContext<PaymentReceived> context)
    {
        if (PaymentInput.Check(context.Message) is { Any: true } errors)
        {
            // No retry can make it a payment: straight to the error queue, with the reasons.
            throw new MessageRefusedException($"Not a payment: {errors}");
        }

        await db.ProcessOnceAsync(context, nameof(PaymentReceivedConsumer), async cancellationToken =>
        {
            // The intake commits its own transaction, so it gets its own context beside the inbox's.
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<PaymentIntake>().ReceiveAsync(context.Message, "bus", cancellationToken);
            logger.LogInformation("Payment {Source}/{ExternalId} from the bus: {Outcome}",
                context.Message.Source, context.Message.ExternalId, outcome.Kind);
        });
    }
}
