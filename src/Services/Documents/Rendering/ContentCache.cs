using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Clearhours.Documents.Rendering;

/// <summary>
/// What was made from some bytes, found again by their SHA-256: an agency's logo comes back on every document, as a new
/// array each time (read with the profile), so only its content can tell it is the same.
/// </summary>
internal sealed class ContentCache(int capacity)
{
    private readonly ConcurrentDictionary<string, byte[]> _made = new();

    public byte[] GetOrAdd(byte[] content, Func<byte[], byte[]> make)
    {
        var key = Convert.ToHexString(SHA256.HashData(content));
        if (_made.TryGetValue(key, out var made))
        {
            return made;
        }

        made = make(content);
        if (_made.Count >= capacity)
        {
            // More logos than the cache holds (many agencies in one process): start over rather than grow without end.
            _made.Clear();
        }

        _made[key] = made;
        return made;
    }
}
