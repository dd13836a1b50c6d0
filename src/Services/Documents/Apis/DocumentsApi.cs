using Clearhours.Contracts.Documents;
using Clearhours.Documents.Infrastructure;
using Clearhours.Documents.Model;
using Clearhours.Messaging;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Apis;

public sealed record DocumentSummary(
    Guid Id, Guid ReportId, string ReportNumber, Guid? InvoiceId, string? InvoiceNumber, string Kind, int Version, string FileName,
    string ContentType, long Size, string Sha256, int? ProfileVersion, DocumentStatus? Status, Guid? SignedScanId, string? Note,
    string CreatedBy, DateTimeOffset CreatedAt);

public sealed record DocumentCard(DocumentSummary Document, IReadOnlyList<DocumentStatusEntry> History);

/// <summary>A note on a move of the signing workflow (how it was sent, how it was signed).</summary>
public sealed record StatusRequest(string? Comment);

public static class DocumentsApi
{
    /// <summary>
    /// Room above the largest file for the rest of the form, so a file somewhat over it reaches the size check and its
    /// 413 problem; a far larger body gets the pipeline's 413 without being read.
    /// </summary>
    public const long MaxUploadBody = MaxFileBytes + 2 * 1024 * 1024;

    private const long MaxFileBytes = FileInspector.MaxAttachmentBytes;

    private const int MaxComment = 1000;

    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        // Anyone on staff reads; writing (drawing again, uploads, the signing workflow) is for accountants and admins.
        var documents = api.MapGroup("/api/documents").WithTags("Documents").RequireAuthorization(Policies.Staff);
        documents.MapGet("/", Search).WithName("SearchDocuments").WithSummary("Documents of a report or an invoice, newest first")
            .WithDescription("Every version of every kind: report, invoice, act (drawn from events), signed-scan and attachment (uploaded).");
        documents.MapGet("/{id:guid}", Get).WithName("GetDocument").WithSummary("One document with its signing history");
        documents.MapGet("/{id:guid}/content", Content).WithName("GetDocumentContent").WithSummary("The document's file")
            .WithDescription("With its content type, and its file name in Content-Disposition (filename* for non-ASCII names).");
        documents.MapPost("/{id:guid}/regenerate", Regenerate).RequireAuthorization(Policies.Accountant)
            .WithName("RegenerateDocument").WithSummary("Draw a report detail, invoice or act again with the current agency profile")
            .WithDescription("A new version from the same event; the earlier versions stay downloadable. An uploaded document is a 409.");
        documents.MapPost("/{id:guid}/sent", Sent).RequireAuthorization(Policies.Accountant)
            .WithName("MarkDocumentSent").WithSummary("An invoice or act was sent to the client")
            .WithDescription("Generated → SentToClient, with an optional comment; any other move is a 409 saying why. Publishes DocumentStatusChanged.");
        documents.MapPost("/{id:guid}/signed", Signed).RequireAuthorization(Policies.Accountant)
            .WithName("MarkDocumentSigned").WithSummary("The client signed an invoice or act")
            .WithDescription("SentToClient → Signed. JSON {\"comment\"}, or a multipart form with the scan as 'scan' (PDF, PNG or JPEG, "
                + $"at most {MaxFileBytes / (1024 * 1024)} MiB) and an optional 'comment': the scan is stored as a signed-scan document of "
                + "the same report and invoice. A scan or a comment is required. Publishes DocumentStatusChanged.")
            .Accepts<StatusRequest>("application/json", "multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBody));
        documents.MapPost("/", Attach).RequireAuthorization(Policies.Accountant)
            .WithName("AttachDocument").WithSummary("Attach a file to a report or an invoice")
            .WithDescription("A multipart form: reportId or invoiceId (of a report or invoice that has documents here), 'file' (PDF, PNG or "
                + $"JPEG, judged by its content; at most {MaxFileBytes / (1024 * 1024)} MiB, else a 413) and an optional 'note'. "
                + "Publishes DocumentCreated.")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBody));
        return api;
    }

    public static async Task<Results<Ok<Page<DocumentSummary>>, ValidationProblem>> Search(
        DocumentsDbContext db, Guid? reportId, Guid? invoiceId, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = db.Documents.AsNoTracking();
        if (reportId is { } report) query = query.Where(d => d.ReportId == report);
        if (invoiceId is { } invoice) query = query.Where(d => d.InvoiceId == invoice);
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Version).ThenByDescending(d => d.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage([.. page.Select(d => d.ToSummary())], total));
    }

    public static async Task<Results<Ok<DocumentCard>, NotFound<ProblemDetails>>> Get(Guid id, DocumentsDbContext db, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is { } document
            ? TypedResults.Ok(document.ToCard())
            : NotFound();

    public static async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> Content(
        Guid id, DocumentsDbContext db, IDocumentStorage storage, CancellationToken cancellationToken)
    {
        if (await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is not { } document)
        {
            return NotFound();
        }

        return await storage.GetAsync(document.StorageKey, cancellationToken) is { } content
            ? TypedResults.File(content, document.ContentType, document.FileName)
            : Problems.NotFound("The document's file is missing.", $"Storage has nothing under {document.StorageKey}.");
    }

    public static async Task<Results<Created<DocumentCard>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Regenerate(
        Guid id, DocumentsDbContext db, DocumentIssuing issuing, HttpContext http, CancellationToken cancellationToken)
    {
        if (await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken) is not { } document)
        {
            return NotFound();
        }

        if (document.WhyNotRegenerable() is { } why)
        {
            return Problems.Conflict("The document cannot be drawn again.", why);
        }

        var next = await issuing.RegenerateAsync(document, Who(http), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/documents/{next.Id}", next.ToCard());
    }

    public static async Task<Results<Ok<DocumentCard>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Sent(
        Guid id, StatusRequest? request, DocumentsDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var comment = Text.Clean(request?.Comment);
        if (new FieldErrors().Check(comment is not { Length: > MaxComment }, "comment", $"At most {MaxComment} characters.") is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, id, cancellationToken) is not { } document)
        {
            return NotFound();
        }

        if (document.WhyCannotMoveTo(DocumentStatus.SentToClient, null, comment) is { } why)
        {
            return Problems.Conflict("The document cannot be marked as sent.", why);
        }

        document.MarkSent(comment, Who(http), clock.GetUtcNow());
        Announce(db, document, comment);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(document.ToCard());
    }

    public static async Task<Results<Ok<DocumentCard>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> Signed(
        Guid id, HttpRequest request, DocumentsDbContext db, DocumentIssuing issuing, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        string? comment;
        Upload? scan = null;
        if (request.HasFormContentType)
        {
            if (await Uploads.ReadFormAsync(request, cancellationToken) is not { } form)
            {
                return errors.Add("scan", "The body is not a readable multipart form.").ToProblem();
            }

            comment = Text.Clean(form["comment"]);
            var (file, tooLarge) = await Uploads.ReadFileAsync(form, "scan", MaxFileBytes, cancellationToken);
            if (tooLarge)
            {
                return Uploads.TooLarge(MaxFileBytes);
            }

            scan = file;
        }
        else
        {
            comment = Text.Clean((await ReadJsonAsync<StatusRequest>(request, cancellationToken))?.Comment);
        }

        errors.Check(comment is not { Length: > MaxComment }, "comment", $"At most {MaxComment} characters.");
        var inspected = scan is null ? null : FileInspector.Attachment(scan.Content);
        if (inspected is { Accepted: false })
        {
            errors.Add("scan", inspected.Refusal!);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, id, cancellationToken) is not { } document)
        {
            return NotFound();
        }

        // The scan's id is only known once it is stored; any id stands for it in the check.
        if (document.WhyCannotMoveTo(DocumentStatus.Signed, scan is null ? null : Guid.Empty, comment) is { } why)
        {
            return Problems.Conflict("The document cannot be marked as signed.", why);
        }

        var by = Who(request.HttpContext);
        var stored = scan is null
            ? null
            : issuing.Upload(document.Subject, DocumentKinds.SignedScan, scan.FileName, inspected!.ContentType!, scan.Content, comment, by);
        var note = comment ?? stored?.FileName;
        document.MarkSigned(stored?.Id, note, by, clock.GetUtcNow());
        Announce(db, document, note);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(document.ToCard());
    }

    public static async Task<Results<Created<DocumentCard>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Attach(
        HttpRequest request, DocumentsDbContext db, DocumentIssuing issuing, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (await Uploads.ReadFormAsync(request, cancellationToken) is not { } form)
        {
            return errors.Add("file", "Send a multipart form with the file as 'file' and reportId or invoiceId.").ToProblem();
        }

        var reportId = Guid.TryParse(form["reportId"], out var report) ? report : (Guid?)null;
        var invoiceId = Guid.TryParse(form["invoiceId"], out var invoice) ? invoice : (Guid?)null;
        var note = Text.Clean(form["note"]);
        errors.Check(reportId is null != invoiceId is null, "reportId", "The report's id or the invoice's id, one of the two.")
            .Check(reportId is not null || string.IsNullOrEmpty(form["reportId"]), "reportId", "Not an id.")
            .Check(invoiceId is not null || string.IsNullOrEmpty(form["invoiceId"]), "invoiceId", "Not an id.")
            .Check(note is not { Length: > MaxComment }, "note", $"At most {MaxComment} characters.");
        var (file, tooLarge) = await Uploads.ReadFileAsync(form, "file", MaxFileBytes, cancellationToken);
        if (tooLarge)
        {
            return Uploads.TooLarge(MaxFileBytes);
        }

        var inspected = file is null ? null : FileInspector.Attachment(file.Content);
        if (inspected is null)
        {
            errors.Add("file", "The file to attach, as the form field 'file'.");
        }
        else if (inspected.Refusal is { } refusal)
        {
            errors.Add("file", refusal);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var ofSubject = reportId is { } byReport
            ? db.Documents.Where(d => d.ReportId == byReport)
            : db.Documents.Where(d => d.InvoiceId == invoiceId);
        var known = await ofSubject.AsNoTracking().OrderBy(d => d.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (known is null)
        {
            return reportId is not null
                ? Problems.NotFound("Report not found.", "No document of this report is known here yet.")
                : Problems.NotFound("Invoice not found.", "No document of this invoice is known here yet.");
        }

        // An attachment of the report stays the report's, even when found through one of its invoice's documents.
        var subject = invoiceId is null ? known.Subject with { InvoiceId = null, InvoiceNumber = null } : known.Subject;
        var document = issuing.Upload(subject, DocumentKinds.Attachment, file!.FileName, inspected!.ContentType!, file.Content, note,
            Who(request.HttpContext));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/documents/{document.Id}", document.ToCard());
    }

    public static DocumentSummary ToSummary(this Document d) =>
        new(d.Id, d.ReportId, d.ReportNumber, d.InvoiceId, d.InvoiceNumber, d.Kind, d.Version, d.FileName, d.ContentType, d.Size, d.Sha256,
            d.ProfileVersion, d.Status, d.SignedScanId, d.Note, d.CreatedBy, d.CreatedAt);

    public static DocumentCard ToCard(this Document d) => new(d.ToSummary(), [.. d.History]);

    /// <summary>The document with its row locked until the transaction ends, so two moves of it run one after the other.</summary>
    private static async Task<Document?> LockAsync(DocumentsDbContext db, Guid id, CancellationToken cancellationToken)
    {
        // Locked, then read: no `SELECT *`, whose prepared statement (connections auto-prepare) would fail once a
        // migration added a column.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM documents WHERE id = {id} FOR UPDATE", cancellationToken);
        return await db.Documents.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    private static void Announce(DocumentsDbContext db, Document document, string? comment) =>
        db.AddEvent(new DocumentStatusChanged(document.Id, document.ReportId, document.Status!.Value.ToString(), comment,
            document.History[^1].By, document.History[^1].At));

    /// <summary>An optional JSON body read by hand (the route takes a form too); one that is not valid JSON is the caller's 400.</summary>
    private static async Task<T?> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength is 0 || !request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new BadHttpRequestException("The body is not valid JSON for this endpoint.", StatusCodes.Status400BadRequest, error);
        }
    }

    private static string Who(HttpContext http) => http.User.Identity?.Name ?? "unknown";

    private static NotFound<ProblemDetails> NotFound() => Problems.NotFound("Document not found.");
}
