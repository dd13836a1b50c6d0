using System.Buffers.Binary;

namespace Clearhours.Documents.Model;

/// <summary>The size a PNG declares in its header, when the file is whole: signature, IHDR first, and chunks up to IEND.</summary>
internal static class Png
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(ReadOnlySpan<byte> content) => content.StartsWith(Signature);

    /// <summary>The width and height in pixels, or null when the header is missing or the chunks stop before IEND.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> content)
    {
        if (!HasSignature(content))
        {
            return null;
        }

        (int Width, int Height)? size = null;
        var position = Signature.Length;
        // Each chunk is a 4-byte length, a 4-byte type, the data and a 4-byte CRC; a cut file ends mid-chunk or before IEND.
        while (position + 12 <= content.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(content[position..]);
            var type = content.Slice(position + 4, 4);
            if (length > int.MaxValue || position + 12 + (long)length > content.Length)
            {
                return null;
            }

            var data = content.Slice(position + 8, (int)length);
            if (size is null)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    return null;
                }

                size = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return size.Value.Width > 0 && size.Value.Height > 0 ? size : null;
            }

            position += 12 + (int)length;
        }

        return null;
    }
}

/// <summary>
/// The size a JPEG declares in its frame header (SOF), when its image data runs to the end marker (EOI). Bytes after
/// EOI are allowed: phones append their own trailers (a motion photo's video, a vendor's metadata).
/// </summary>
internal static class Jpeg
{
    private static ReadOnlySpan<byte> Start => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> End => [0xFF, 0xD9];

    public static bool HasSignature(ReadOnlySpan<byte> content) => content.StartsWith(Start);

    /// <summary>The width and height in pixels, or null without a frame header before the scan or without the end marker.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> content)
    {
        if (!HasSignature(content))
        {
            return null;
        }

        (int Width, int Height)? size = null;
        var position = 2;
        while (position + 4 <= content.Length)
        {
            if (content[position] != 0xFF)
            {
                return null;
            }

            var marker = content[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a segment
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 2)..]);
            if (length < 2 || position + 2 + length > content.Length)
            {
                return null;
            }

            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range: precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (length < 7)
                {
                    return null;
                }

                var height = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 7)..]);
                if (width == 0 || height == 0)
                {
                    return null;
                }

                size = (width, height);
            }

            if (marker == 0xDA)
            {
                // Coded data escapes every 0xFF, so the first FF D9 after the scan header is the image's end (an EXIF
                // thumbnail's end marker sits inside an APP segment, skipped whole above). No frame header: damaged.
                return size is not null && content[(position + 2 + length)..].IndexOf(End) >= 0 ? size : null;
            }

            position += 2 + length;
        }

        return null;
    }
}
