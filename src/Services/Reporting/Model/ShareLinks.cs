using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Clearhours.Persistence;
using Clearhours.Reporting.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clearhours.Reporting.Model;

public sealed class ShareLinkOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>A link as it is handed out: the only moment the token is known.</summary>
public sealed record IssuedShareLink(Guid ReportId, string Token, DateTimeOffset ExpiresAt);

public sealed record ResolvedShareLink(Guid ReportId, DateTimeOffset ExpiresAt);

/// <summary>Share links of reports: create, resolve, revoke, and rotate (revoke the old, create a new one).</summary>
public sealed class ShareLinks(ReportingDbContext db, TimeProvider time, IOptions<ShareLinkOptions> options)
{
    private const int TokenBytes = 32;

    public Task<IssuedShareLink> CreateAsync(Guid reportId, CancellationToken cancellationToken = default) =>
        WithReportLockedAsync(reportId, () => Task.FromResult(Add(reportId)), cancellationToken);

    /// <summary>Revokes the report's live links and creates a new one, in one transaction.</summary>
    public Task<IssuedShareLink> RotateAsync(Guid reportId, CancellationToken cancellationToken = default) =>
        WithReportLockedAsync(reportId, async () =>
        {
            await RevokeLiveLinksAsync(reportId, cancellationToken);
            return Add(reportId);
        }, cancellationToken);

    /// <returns>How many live links were revoked.</returns>
    public Task<int> RevokeAsync(Guid reportId, CancellationToken cancellationToken = default) =>
        WithReportLockedAsync(reportId, () => RevokeLiveLinksAsync(reportId, cancellationToken), cancellationToken);

    /// <summary>
    /// The report a token opens, or null. A malformed, unknown, expired or revoked token takes the same path
    /// (one lookup by hash), so neither the answer nor its timing tells them apart.
    /// </summary>
    public async Task<ResolvedShareLink?> ResolveAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        var link = await db.ShareLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash)
            .SingleOrDefaultAsync(cancellationToken);
        return link is not null && link.IsUsable(time.GetUtcNow()) ? new ResolvedShareLink(link.ReportId, link.ExpiresAt) : null;
    }

    /// <summary>
    /// Runs a change of one report's links in a transaction that holds a lock on that report, so two rotations at
    /// once leave one live link, not two.
    /// </summary>
    private async Task<T> WithReportLockedAsync<T>(Guid reportId, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        // Inside a caller's transaction (sending a report) the change commits or rolls back with the caller's work.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await using (own)
        {
            await db.LockForTransactionAsync(reportId, cancellationToken);
            var result = await change();
            await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return result;
        }
    }

    private IssuedShareLink Add(Guid reportId)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var link = ShareLink.Create(reportId, Hash(token), time.GetUtcNow(), options.Value.Lifetime);
        db.ShareLinks.Add(link);
        return new IssuedShareLink(reportId, token, link.ExpiresAt);
    }

    private async Task<int> RevokeLiveLinksAsync(Guid reportId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = await db.ShareLinks
            .Where(l => l.ReportId == reportId && l.RevokedAt == null && l.ExpiresAt > now)
            .ToListAsync(cancellationToken);
        live.ForEach(l => l.Revoke(now));
        return live.Count;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
