using System.Text.Json;
using Clearhours.Contracts.Billing;
using Clearhours.Contracts.Documents;
using Clearhours.Contracts.Reporting;
using Clearhours.Documents.Infrastructure.EntityConfigurations;
using Clearhours.Documents.Model;
using Clearhours.Documents.Rendering;
using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Clearhours.Documents.Infrastructure;

/// <summary>
/// Draws the generated documents with the current agency profile and adds them, their bytes and DocumentCreated to the
/// caller's unit of work; the caller saves.
/// </summary>
public sealed class DocumentIssuing(DocumentsDbContext db, IDocumentStorage storage, TimeProvider clock)
{
    private static readonly JsonSerializerOptions SourceJson = new(JsonSerializerDefaults.Web);

    /// <summary>The report detail of an approved report, unless the report has one already (null then).</summary>
    public async Task<Document?> ReportDetailAsync(ReportApproved approved, string by, CancellationToken cancellationToken)
    {
        var subject = new DocumentSubject(approved.ReportId, approved.ReportNumber, null, null);
        if (await ExistsAsync(subject, DocumentKinds.Report, cancellationToken))
        {
            return null;
        }

        var profile = await CurrentProfileAsync(db, cancellationToken);
        return Add(subject, DocumentKinds.Report, 1, profile, JsonSerializer.Serialize(approved, SourceJson), by);
    }

    /// <summary>The invoice and the act of an issued invoice, unless the invoice has them already (empty then).</summary>
    public async Task<IReadOnlyList<Document>> InvoiceAndActAsync(InvoiceIssued issued, string by, CancellationToken cancellationToken)
    {
        var subject = new DocumentSubject(issued.ReportId, issued.Details!.ReportNumber, issued.InvoiceId, issued.InvoiceNumber);
        if (await ExistsAsync(subject, DocumentKinds.Invoice, cancellationToken))
        {
            return [];
        }

        var profile = await CurrentProfileAsync(db, cancellationToken);
        var source = JsonSerializer.Serialize(issued, SourceJson);
        return [Add(subject, DocumentKinds.Invoice, 1, profile, source, by), Add(subject, DocumentKinds.Act, 1, profile, source, by)];
    }

    /// <summary>The document drawn again with the current profile, as the next version of its kind; it must be regenerable.</summary>
    public async Task<Document> RegenerateAsync(Document document, string by, CancellationToken cancellationToken)
    {
        var latest = await db.Documents.Where(d => d.ReportId == document.ReportId && d.InvoiceId == document.InvoiceId && d.Kind == document.Kind)
            .MaxAsync(d => d.Version, cancellationToken);
        var profile = await CurrentProfileAsync(db, cancellationToken);
        return Add(document.Subject, document.Kind, latest + 1, profile, document.Source!, by);
    }

    /// <summary>A file staff uploaded, already judged by FileInspector.</summary>
    public Document Upload(DocumentSubject subject, string kind, string fileName, string contentType, byte[] content, string? note, string by)
    {
        var document = Document.Uploaded(subject, kind, fileName, contentType, content, note, by, clock.GetUtcNow());
        Store(document, content);
        return document;
    }

    /// <summary>The profile documents are drawn with now: the highest version.</summary>
    public static async Task<AgencyProfile> CurrentProfileAsync(DocumentsDbContext db, CancellationToken cancellationToken) =>
        await db.AgencyProfiles.AsNoTracking().OrderByDescending(p => p.Version).FirstOrDefaultAsync(cancellationToken)
        ?? throw new InvalidOperationException("No agency profile: the service seeds version 1 from Documents:Agency when it starts.");

    /// <summary>A second document of the same version: the same event consumed under another message id, or a race.</summary>
    public static bool IsSecondVersion(DbUpdateException error) =>
        error.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: DocumentEntityTypeConfiguration.OneVersionPerSource,
        };

    private Document Add(DocumentSubject subject, string kind, int version, AgencyProfile profile, string source, string by)
    {
        var pdf = Draw(kind, profile.ToLetterhead(), source);
        var document = Document.Generated(subject, kind, version, pdf, profile, source, by, clock.GetUtcNow());
        Store(document, pdf);
        return document;
    }

    private void Store(Document document, byte[] content)
    {
        db.Documents.Add(document);
        storage.Put(document.StorageKey, content);
        db.AddEvent(new DocumentCreated(document.Id, document.ReportId, document.Kind, document.FileName, document.CreatedAt,
            document.InvoiceId, document.Version));
    }

    private static byte[] Draw(string kind, Letterhead letterhead, string source) => kind switch
    {
        DocumentKinds.Report => DocumentPdfs.ReportDetail(letterhead, JsonSerializer.Deserialize<ReportApproved>(source, SourceJson)!),
        DocumentKinds.Invoice => DocumentPdfs.Invoice(letterhead, JsonSerializer.Deserialize<InvoiceIssued>(source, SourceJson)!),
        DocumentKinds.Act => DocumentPdfs.Act(letterhead, JsonSerializer.Deserialize<InvoiceIssued>(source, SourceJson)!),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a generated kind."),
    };

    private Task<bool> ExistsAsync(DocumentSubject subject, string kind, CancellationToken cancellationToken) =>
        db.Documents.AnyAsync(d => d.ReportId == subject.ReportId && d.InvoiceId == subject.InvoiceId && d.Kind == kind, cancellationToken);
}
