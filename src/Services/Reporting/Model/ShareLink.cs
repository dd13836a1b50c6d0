namespace Clearhours.Reporting.Model;

/// <summary>
/// A client's way into one report. Only the SHA-256 of the token is stored: the token itself exists in the
/// link that was sent and nowhere else.
/// </summary>
public sealed class ShareLink
{
    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public byte[] TokenHash { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public static ShareLink Create(Guid reportId, byte[] tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        // PostgreSQL keeps microseconds: the expiry handed out must be the one stored.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        return new ShareLink
        {
            Id = Guid.CreateVersion7(now),
            ReportId = reportId,
            TokenHash = tokenHash,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
