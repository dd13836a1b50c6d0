using Clearhours.Contracts.Documents;
using Clearhours.Messaging;
using Clearhours.Reporting.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

/// <summary>A document (or a new version of one) was made for a report: the card lists it.</summary>
public sealed class DocumentCreatedConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<DocumentCreated>
{
    public Task Consume(ConsumeContext<DocumentCreated> context) =>
        db.ProcessOnceAsync(context, nameof(DocumentCreatedConsumer), async cancellationToken =>
        {
            var report = await db.Reports.SingleAsync(r => r.Id == context.Message.ReportId, cancellationToken);
            report.AddDocument(context.Message, time.GetUtcNow());
        });
}

/// <summary>
/// An invoice or act moved in its signing: the card shows its new status and how it was signed. Arriving before the
/// DocumentCreated it follows, it is redelivered later until that one has been applied.
/// </summary>
public sealed class DocumentStatusChangedConsumer(ReportingDbContext db, TimeProvider time) : IConsumer<DocumentStatusChanged>
{
    public Task Consume(ConsumeContext<DocumentStatusChanged> context) =>
        db.ProcessOnceAsync(context, nameof(DocumentStatusChangedConsumer), async cancellationToken =>
        {
            var changed = context.Message;
            var report = await db.Reports.SingleAsync(r => r.Id == changed.ReportId, cancellationToken);
            if (!report.DocumentStatusChanged(changed, time.GetUtcNow()))
            {
                throw new MessageNotReadyException($"Document {changed.DocumentId} of {report.Number} is {changed.Status} before it was listed here.");
            }
        });
}
