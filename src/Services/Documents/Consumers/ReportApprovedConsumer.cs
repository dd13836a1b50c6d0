using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Infrastructure;
using Clearhours.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Consumers;

/// <summary>The client approved a report: its report detail is drawn, once.</summary>
public sealed class ReportApprovedConsumer(DocumentIssuing issuing, DocumentsDbContext db, ILogger<ReportApprovedConsumer> logger)
    : IConsumer<ReportApproved>
{
    public async Task Consume(ConsumeContext<ReportApproved> context)
    {
        var approved = context.Message;
        try
        {
            await db.ProcessOnceAsync(context, nameof(ReportApprovedConsumer), async cancellationToken =>
            {
                if (approved.Report is null)
                {
                    // Published before approvals carried the report: nothing to draw, and no retry would change that;
                    // its inbox row keeps a redelivery quiet.
                    logger.LogWarning("Report {ReportNumber}'s approval {MessageId} carries no report data; no report detail is drawn.",
                        approved.ReportNumber, context.MessageId);
                    return;
                }

                if (await issuing.ReportDetailAsync(approved, "documents", cancellationToken) is null)
                {
                    logger.LogInformation("Report {ReportNumber} has its report detail already; approval {MessageId} changed nothing.",
                        approved.ReportNumber, context.MessageId);
                }
            });
        }
        catch (DbUpdateException error) when (DocumentIssuing.IsSecondVersion(error))
        {
            logger.LogInformation("Report {ReportNumber}'s detail was drawn meanwhile; approval {MessageId} changed nothing.",
                approved.ReportNumber, context.MessageId);
        }
    }
}
