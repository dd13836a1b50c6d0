using Clearhours.Contracts.Billing;
using Clearhours.Documents.Infrastructure;
using Clearhours.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Consumers;

/// <summary>An invoice was issued: the invoice and the act of completed works are drawn, once.</summary>
public sealed class InvoiceIssuedConsumer(DocumentIssuing issuing, DocumentsDbContext db, ILogger<InvoiceIssuedConsumer> logger)
    : IConsumer<InvoiceIssued>
{
    public async Task Consume(ConsumeContext<InvoiceIssued> context)
    {
        var issued = context.Message;
        try
        {
            await db.ProcessOnceAsync(context, nameof(InvoiceIssuedConsumer), async cancellationToken =>
            {
                if (issued.Details is null)
                {
                    // Published before invoices carried their details: nothing to draw, and no retry would change that;
                    // its inbox row keeps a redelivery quiet.
                    logger.LogWarning("Invoice {InvoiceNumber}'s event {MessageId} carries no details; no invoice or act is drawn.",
                        issued.InvoiceNumber, context.MessageId);
                    return;
                }

                if (await issuing.InvoiceAndActAsync(issued, "documents", cancellationToken) is [])
                {
                    logger.LogInformation("Invoice {InvoiceNumber} has its documents already; event {MessageId} changed nothing.",
                        issued.InvoiceNumber, context.MessageId);
                }
            });
        }
        catch (DbUpdateException error) when (DocumentIssuing.IsSecondVersion(error))
        {
            logger.LogInformation("Invoice {InvoiceNumber}'s documents were drawn meanwhile; event {MessageId} changed nothing.",
                issued.InvoiceNumber, context.MessageId);
        }
    }
}
