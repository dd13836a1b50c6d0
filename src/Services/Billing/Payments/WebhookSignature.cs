using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Clearhours.Billing.Payments;

/// <summary>
/// How a payment provider signs a webhook call: <c>X-Clearhours-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of
/// "<c>{X-Clearhours-Timestamp}.{raw body}</c>" with the source's secret. The timestamp (unix seconds) is signed too,
/// so an old call cannot be passed off as new.
/// </summary>
public static partial class WebhookSignature
{
    public const string TimestampHeader = "X-Clearhours-Timestamp";
    public const string SignatureHeader = "X-Clearhours-Signature";

    /// <summary>How far the timestamp may be from our clock, either way (the provider's clock drifts too).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(Hash(secret, timestamp, body));

    /// <summary>Why the call is not authentic, or null when it is; the signature's bytes are compared in constant time.</summary>
    public static string? WhyNotAuthentic(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return $"{TimestampHeader} must be the time of the call in unix seconds.";
        }

        var off = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (off.Duration() > Tolerance)
        {
            return $"{TimestampHeader} is {off.TotalSeconds:0} s off this server's clock; at most {Tolerance.TotalSeconds:0} s are allowed.";
        }

        if (signature is null || Header().Match(signature) is not { Success: true } match)
        {
            return $"{SignatureHeader} must be sha256= and 64 hex digits.";
        }

        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(match.Groups[1].Value), Hash(secret, timestamp, body))
            ? null
            : "The signature does not match the body, the timestamp and this source's secret.";
    }

    /// <summary>The first half of the signature: names a call uniquely, for refusing it when it comes again.</summary>
    public static Guid IdOf(string signature) => new(Convert.FromHexString(Header().Match(signature).Groups[1].Value).AsSpan(0, 16));

    private static byte[] Hash(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + 1 + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }

    [GeneratedRegex("^sha256=([0-9a-fA-F]{64})$")]
    private static partial Regex Header();
}
