namespace Clearhours.Documents.Model;

/// <summary>
/// Where document bytes live, by <see cref="Document.StorageKey"/>. A Put joins the caller's unit of work: the bytes
/// are kept when the document's row is saved, and not otherwise.
/// </summary>
public interface IDocumentStorage
{
    void Put(string key, byte[] content);

    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken);
}
