using Clearhours.Documents.Model;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Documents.Infrastructure;

/// <summary>A document's bytes, in the service's own database (document_contents).</summary>
public sealed class DocumentContent
{
    public string StorageKey { get; init; } = "";

    public byte[] Content { get; init; } = [];
}

/// <summary>
/// The default storage: a row of document_contents, saved by the same SaveChanges (and so the same transaction) as
/// the document's row. An object store would replace it behind <see cref="IDocumentStorage"/>.
/// </summary>
public sealed class DatabaseDocumentStorage(DocumentsDbContext db) : IDocumentStorage
{
    public void Put(string key, byte[] content) => db.Contents.Add(new DocumentContent { StorageKey = key, Content = content });

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        await db.Contents.AsNoTracking().Where(c => c.StorageKey == key).Select(c => c.Content).SingleOrDefaultAsync(cancellationToken);
}
