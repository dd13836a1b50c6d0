using Clearhours.Contracts.Documents;

namespace Clearhours.Reporting.Model;

/// <summary>
/// A document Documents stored for the report, one per version. InvoiceId names the invoice an invoice or act was drawn
/// for; Status follows an invoice's or act's signing (Generated → SentToClient → Signed) and is null for other kinds;
/// StatusComment says how it was signed.
/// </summary>
public sealed record ReportDocument(
    Guid DocumentId, string Kind, string FileName, DateTimeOffset CreatedAt, Guid? InvoiceId = null, int Version = 1,
    string? Status = null, string? StatusComment = null);

/// <summary>The kinds of document Documents makes (besides signed scans and attachments, which staff upload).</summary>
public static class DocumentKinds
{
    public const string Report = "report";
    public const string Invoice = "invoice";
    public const string Act = "act";

    /// <summary>The status an invoice or act starts its signing with.</summary>
    public const string Generated = "Generated";

    /// <summary>An invoice and an act are signed by the client; the other kinds have no status.</summary>
    public static bool IsSigned(string kind) => kind is Invoice or Act;

    /// <summary>
    /// Where a status stands in the signing, which only goes forward (Generated → SentToClient → Signed); -1 for none.
    /// </summary>
    public static int StepOf(string? status) => status switch
    {
        Generated => 0,
        "SentToClient" => 1,
        "Signed" => 2,
        _ => -1,
    };

    /// <summary>What the client downloads from their page; signed scans and attachments stay with the staff.</summary>
    public static bool IsForClient(string kind) => kind is Report or Invoice or Act;
}

// The documents side of the card: what Documents made for the report, and where each invoice and act stands.
public sealed partial class Report
{
    public List<ReportDocument> Documents { get; private set; } = [];

    /// <summary>Lists a document once: the same document again (by its id) changes nothing. A new version is a new document.</summary>
    public bool AddDocument(DocumentCreated created, DateTimeOffset now)
    {
        if (Documents.Any(d => d.DocumentId == created.DocumentId))
        {
            return false;
        }

        Documents.Add(new ReportDocument(created.DocumentId, created.Kind, created.FileName, created.CreatedAt, created.InvoiceId,
            created.Version, DocumentKinds.IsSigned(created.Kind) ? DocumentKinds.Generated : null));
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>
    /// The card follows the document's signing. The signing only goes forward, so a step that arrives after a later one
    /// (the two were sent moments apart and delivered out of order) changes nothing.
    /// </summary>
    /// <returns>False when the document is not on the card (yet): its DocumentCreated has not been applied here.</returns>
    public bool DocumentStatusChanged(DocumentStatusChanged changed, DateTimeOffset now)
    {
        var index = Documents.FindIndex(d => d.DocumentId == changed.DocumentId);
        if (index < 0)
        {
            return false;
        }

        if (DocumentKinds.StepOf(changed.Status) <= DocumentKinds.StepOf(Documents[index].Status))
        {
            return true;
        }

        Documents[index] = Documents[index] with { Status = changed.Status, StatusComment = changed.Comment };
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>
    /// Newest first, so a regenerated document (its next version) or a reissued invoice's comes before the one it
    /// replaces; the older ones stay listed.
    /// </summary>
    public IReadOnlyList<ReportDocument> DocumentsNewestFirst() =>
        [.. Documents.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Version).ThenBy(d => d.DocumentId)];

    /// <summary>
    /// What the client's page offers: the newest document of each kind the client downloads; an invoice and an act only
    /// of the live invoice, so a cancelled invoice (with the wrong requisites, most likely) is never offered.
    /// </summary>
    public IReadOnlyList<ReportDocument> ClientDocuments() =>
        [.. DocumentsNewestFirst()
            .Where(d => DocumentKinds.IsForClient(d.Kind) && (!DocumentKinds.IsSigned(d.Kind) || (d.InvoiceId is { } invoice && invoice == InvoiceId)))
            .DistinctBy(d => d.Kind)];
}
