using System.Security.Cryptography;

namespace Clearhours.Documents.Model;

/// <summary>What a document is; the first three are drawn by the service from an event, the others uploaded by staff.</summary>
public static class DocumentKinds
{
    public const string Report = "report";
    public const string Invoice = "invoice";
    public const string Act = "act";
    public const string SignedScan = "signed-scan";
    public const string Attachment = "attachment";

    public static bool IsGenerated(string kind) => kind is Report or Invoice or Act;

    /// <summary>The documents the client signs, which go through the signing workflow.</summary>
    public static bool IsSigned(string kind) => kind is Invoice or Act;
}

public enum DocumentStatus
{
    Generated,
    SentToClient,
    Signed,
}

/// <summary>A move in the signing workflow, kept on the document for good.</summary>
public sealed record DocumentStatusEntry(DocumentStatus Status, string? Comment, Guid? ScanId, string By, DateTimeOffset At);

/// <summary>
/// One stored version of a document of a report (and of its invoice, for the invoice, the act and their scans). A
/// generated document keeps the event it was drawn from, so it can be drawn again with a later agency profile as the
/// next version; the earlier versions stay as they were.
/// </summary>
public sealed class Document
{
    private Document()
    {
    }

    public Guid Id { get; private set; }

    public Guid ReportId { get; private set; }

    public string ReportNumber { get; private set; } = "";

    public Guid? InvoiceId { get; private set; }

    public string? InvoiceNumber { get; private set; }

    public string Kind { get; private set; } = "";

    public int Version { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long Size { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string StorageKey { get; private set; } = "";

    /// <summary>The agency profile a generated document was drawn with.</summary>
    public int? ProfileVersion { get; private set; }

    /// <summary>The event a generated document was drawn from, as JSON.</summary>
    public string? Source { get; private set; }

    /// <summary>Set for an invoice and an act only.</summary>
    public DocumentStatus? Status { get; private set; }

    /// <summary>The signed scan the client's signature came back as, when it came as a scan.</summary>
    public Guid? SignedScanId { get; private set; }

    public string? Note { get; private set; }

    public List<DocumentStatusEntry> History { get; private set; } = [];

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The name a generated document is downloaded under, in the profile's language: «Акт R-2026-0007.pdf».</summary>
    public static string GeneratedFileName(string kind, string number, bool english) => (kind, english) switch
    {
        (DocumentKinds.Report, false) => $"Отчёт {number}.pdf",
        (DocumentKinds.Invoice, false) => $"Счёт {number}.pdf",
        (DocumentKinds.Act, false) => $"Акт {number}.pdf",
        (DocumentKinds.Report, true) => $"Report {number}.pdf",
        (DocumentKinds.Invoice, true) => $"Invoice {number}.pdf",
        (DocumentKinds.Act, true) => $"Act {number}.pdf",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a generated kind."),
    };

    /// <summary>A PDF the service drew from <paramref name="source"/> with agency profile <paramref name="profile"/>.</summary>
    public static Document Generated(
        DocumentSubject subject, string kind, int version, byte[] pdf, AgencyProfile profile, string source, string by, DateTimeOffset at)
    {
        if (!DocumentKinds.IsGenerated(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a generated kind.");
        }

        var number = kind == DocumentKinds.Invoice ? subject.InvoiceNumber ?? subject.ReportNumber : subject.ReportNumber;
        var document = Make(subject, kind, version, GeneratedFileName(kind, number, profile.IsEnglish), "application/pdf", pdf, null, by, at);
        document.ProfileVersion = profile.Version;
        document.Source = source;
        return document;
    }

    /// <summary>A file staff uploaded (judged by FileInspector.Attachment already), under its name with its real type's extension.</summary>
    public static Document Uploaded(
        DocumentSubject subject, string kind, string fileName, string contentType, byte[] content, string? note, string by, DateTimeOffset at)
    {
        if (DocumentKinds.IsGenerated(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A generated kind is drawn, not uploaded.");
        }

        return Make(subject, kind, 1, UploadName(fileName, contentType), contentType, content, note, by, at);
    }

    public DocumentSubject Subject => new(ReportId, ReportNumber, InvoiceId, InvoiceNumber);

    /// <summary>Why this document cannot be drawn again, or null when it can.</summary>
    public string? WhyNotRegenerable() =>
        DocumentKinds.IsGenerated(Kind) && Source is not null ? null : $"A {Kind} is uploaded, not drawn: only a report, an invoice or an act is drawn again.";

    /// <summary>This document drawn again as <paramref name="version"/> (the next of its kind) with the current profile.</summary>
    public Document Regenerated(int version, byte[] pdf, AgencyProfile profile, string by, DateTimeOffset at) =>
        WhyNotRegenerable() is { } why
            ? throw new InvalidOperationException(why)
            : Generated(Subject, Kind, version, pdf, profile, Source!, by, at);

    /// <summary>Why the document cannot move to <paramref name="target"/>, or null when it can.</summary>
    public string? WhyCannotMoveTo(DocumentStatus target, Guid? scanId, string? comment) => (Status, target) switch
    {
        (null, _) => $"A {Kind} has no signing workflow: only an invoice or an act is sent and signed.",
        (DocumentStatus.Generated, DocumentStatus.SentToClient) => null,
        (DocumentStatus.SentToClient, DocumentStatus.Signed) when scanId is null && comment is null =>
            "Say how it was signed: attach the signed scan or write a comment.",
        (DocumentStatus.SentToClient, DocumentStatus.Signed) => null,
        (DocumentStatus.Signed, _) => $"The {Kind} is signed already.",
        (var from, var to) => $"The {Kind} is {from}: it cannot become {to} (Generated → SentToClient → Signed).",
    };

    public void MarkSent(string? comment, string by, DateTimeOffset at) => Move(DocumentStatus.SentToClient, null, comment, by, at);

    public void MarkSigned(Guid? scanId, string? comment, string by, DateTimeOffset at)
    {
        Move(DocumentStatus.Signed, scanId, comment, by, at);
        SignedScanId = scanId;
    }

    private void Move(DocumentStatus target, Guid? scanId, string? comment, string by, DateTimeOffset at)
    {
        if (WhyCannotMoveTo(target, scanId, comment) is { } why)
        {
            throw new InvalidOperationException(why);
        }

        Status = target;
        History.Add(new DocumentStatusEntry(target, comment, scanId, by, at));
    }

    private static Document Make(
        DocumentSubject subject, string kind, int version, string fileName, string contentType, byte[] content, string? note, string by,
        DateTimeOffset at)
    {
        var id = Guid.CreateVersion7(at);
        var document = new Document
        {
            Id = id,
            ReportId = subject.ReportId,
            ReportNumber = subject.ReportNumber,
            InvoiceId = subject.InvoiceId,
            InvoiceNumber = subject.InvoiceNumber,
            Kind = kind,
            Version = version,
            FileName = fileName,
            ContentType = contentType,
            Size = content.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            StorageKey = id.ToString("N"),
            Note = note,
            CreatedBy = by,
            CreatedAt = at,
        };
        if (DocumentKinds.IsSigned(kind))
        {
            document.Status = DocumentStatus.Generated;
            document.History.Add(new DocumentStatusEntry(DocumentStatus.Generated, null, null, by, at));
        }

        return document;
    }

    /// <summary>The uploaded name without any path, with the extension of what the file really is.</summary>
    private static string UploadName(string fileName, string contentType)
    {
        var name = Path.GetFileName(new string([.. fileName.Replace('\\', '/').Where(c => !char.IsControl(c))])).Trim();
        var stem = Path.GetFileNameWithoutExtension(name);
        stem = stem.Length == 0 ? "file" : stem[..Math.Min(stem.Length, 150)];
        var extension = contentType switch
        {
            "application/pdf" => ".pdf",
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            _ => Path.GetExtension(name),
        };
        return stem + extension;
    }
}

/// <summary>What a document belongs to: a report, and for an invoice's documents the invoice.</summary>
public sealed record DocumentSubject(Guid ReportId, string ReportNumber, Guid? InvoiceId, string? InvoiceNumber);
