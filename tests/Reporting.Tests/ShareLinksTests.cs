using System.Buffers.Text;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// The share-link component against a real PostgreSQL with the service's own migrations. Every test gets a fresh
/// database, and every operation runs on its own DbContext, as separate requests would.
/// </summary>
public sealed class ShareLinksTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    private readonly ManualClock _clock = new();
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await servers.CreateDatabaseAsync("sharelinks");
        await using var db = NewDbContext();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // ---- Resolving to the right report ----

    [Fact]
    public async Task A_created_token_resolves_to_its_own_report()
    {
        var reportId = Guid.NewGuid();

        var issued = await CreateAsync(reportId);

        Assert.Equal(reportId, issued.ReportId);
        var resolved = await ResolveAsync(issued.Token);
        Assert.NotNull(resolved);
        Assert.Equal(reportId, resolved.ReportId);
        Assert.Equal(issued.ExpiresAt, resolved.ExpiresAt);
    }

    [Fact]
    public async Task Tokens_of_one_report_never_resolve_to_another_report()
    {
        var reports = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var issued = new List<IssuedShareLink>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var reportId in reports)
            {
                issued.Add(await CreateAsync(reportId)); // interleaved, so neighbouring rows belong to different reports
            }
        }

        foreach (var link in issued)
        {
            var resolved = await ResolveAsync(link.Token);
            Assert.NotNull(resolved);
            Assert.Equal(link.ReportId, resolved.ReportId);
        }
    }

    // ---- Token strength ----

    [Fact]
    public async Task A_token_is_url_safe_and_decodes_to_at_least_16_bytes()
    {
        var issued = await CreateAsync(Guid.NewGuid());

        Assert.All(issued.Token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not a Base64Url character"));
        var bytes = Base64Url.DecodeFromChars(issued.Token);
        Assert.True(bytes.Length >= 16, $"The token carries {bytes.Length * 8} bits; at least 128 are needed.");
    }

    [Fact]
    public async Task A_thousand_created_tokens_are_all_distinct()
    {
        const int count = 1000;
        var tokens = await CreateManyAsync(count);

        Assert.Equal(count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(count, await ScalarAsync<long>("SELECT count(DISTINCT token_hash) FROM share_links"));
    }

    [Fact]
    public async Task The_bits_of_created_tokens_are_evenly_balanced()
    {
        // 200 tokens of >= 128 bits: a fair source gives 50 % ones within about 0.25 % (one standard deviation).
        // The bounds are ~9 standard deviations wide, so only a biased or constant source fails.
        var tokens = await CreateManyAsync(200);

        var bytes = tokens.Select(t => Base64Url.DecodeFromChars(t)).ToList();
        var ones = bytes.Sum(b => b.Sum(x => BitOperations.PopCount(x)));
        var bits = bytes.Sum(b => b.Length * 8);
        var share = (double)ones / bits;
        Assert.InRange(share, 0.48, 0.52);
    }

    // ---- Storage ----

    [Fact]
    public async Task Only_the_SHA256_of_the_token_is_stored()
    {
        var issued = await CreateAsync(Guid.NewGuid());

        var stored = await ScalarAsync<byte[]>("SELECT token_hash FROM share_links");

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Token)), stored);
    }

    [Fact]
    public async Task The_raw_token_appears_in_no_column_of_any_table()
    {
        var issued = await CreateAsync(Guid.NewGuid());
        var rawBytes = Base64Url.DecodeFromChars(issued.Token);
        var forms = new[]
        {
            issued.Token,
            Convert.ToHexString(Encoding.UTF8.GetBytes(issued.Token)), // the token's text stored as bytea
            Convert.ToHexString(rawBytes), // the random bytes stored as bytea
            Convert.ToBase64String(rawBytes), // the random bytes in standard Base64
        };

        var rows = await AllRowsAsTextAsync();

        // The scan does see the link's row: its hash is there (bytea renders as hex).
        Assert.Contains(rows, r => r.Contains(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Token))), StringComparison.OrdinalIgnoreCase));
        foreach (var form in forms)
        {
            Assert.DoesNotContain(rows, r => r.Contains(form, StringComparison.OrdinalIgnoreCase));
        }
    }

    // ---- Expiry ----

    [Fact]
    public async Task A_link_expires_thirty_days_after_creation_by_default()
    {
        var issued = await CreateAsync(Guid.NewGuid(), lifetime: null);

        Assert.Equal(ManualClock.Start + DefaultLifetime, issued.ExpiresAt);
        Assert.Equal(ManualClock.Start + DefaultLifetime, await ScalarAsync<DateTimeOffset>("SELECT expires_at FROM share_links"));
    }

    [Fact]
    public async Task A_link_still_resolves_one_second_before_it_expires()
    {
        var issued = await CreateAsync(Guid.NewGuid());

        _clock.Advance(DefaultLifetime - TimeSpan.FromSeconds(1));

        Assert.Equal(issued.ReportId, (await ResolveAsync(issued.Token))?.ReportId);
    }

    [Fact]
    public async Task An_expired_link_does_not_resolve()
    {
        var issued = await CreateAsync(Guid.NewGuid());

        _clock.Advance(DefaultLifetime);
        Assert.Null(await ResolveAsync(issued.Token)); // at the expiry instant itself

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await ResolveAsync(issued.Token));

        _clock.Advance(TimeSpan.FromDays(365));
        Assert.Null(await ResolveAsync(issued.Token));
    }

    [Fact]
    public async Task A_shorter_configured_lifetime_is_honoured()
    {
        var lifetime = TimeSpan.FromMinutes(15);
        var issued = await CreateAsync(Guid.NewGuid(), lifetime);
        Assert.Equal(ManualClock.Start + lifetime, issued.ExpiresAt);

        _clock.Advance(lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(issued.ReportId, (await ResolveAsync(issued.Token))?.ReportId);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await ResolveAsync(issued.Token));
    }

    // ---- Revocation ----

    [Fact]
    public async Task A_revoked_link_no_longer_resolves()
    {
        var reportId = Guid.NewGuid();
        var issued = await CreateAsync(reportId);
        Assert.NotNull(await ResolveAsync(issued.Token));

        await RevokeAsync(reportId);

        // The very next request, with a new DbContext and no time passing.
        Assert.Null(await ResolveAsync(issued.Token));
    }

    [Fact]
    public async Task Revoking_returns_how_many_live_links_were_revoked_and_spares_other_reports()
    {
        var reportId = Guid.NewGuid();
        var otherReport = Guid.NewGuid();
        await CreateAsync(reportId, TimeSpan.FromHours(1)); // will have expired: not live, not counted
        _clock.Advance(TimeSpan.FromHours(2));
        var live = new[] { await CreateAsync(reportId), await CreateAsync(reportId), await CreateAsync(reportId) };
        var other = await CreateAsync(otherReport);

        var revoked = await RevokeAsync(reportId);

        Assert.Equal(3, revoked);
        Assert.All(live, l => Assert.Null(ResolveAsync(l.Token).GetAwaiter().GetResult()));
        Assert.Equal(otherReport, (await ResolveAsync(other.Token))?.ReportId);
    }

    [Fact]
    public async Task Revoking_twice_is_harmless()
    {
        var reportId = Guid.NewGuid();
        var issued = await CreateAsync(reportId);
        Assert.Equal(1, await RevokeAsync(reportId));
        var revokedAt = await ScalarAsync<DateTimeOffset>("SELECT revoked_at FROM share_links");

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await RevokeAsync(reportId));

        Assert.Null(await ResolveAsync(issued.Token));
        Assert.Equal(revokedAt, await ScalarAsync<DateTimeOffset>("SELECT revoked_at FROM share_links")); // first revocation kept
    }

    [Fact]
    public async Task Revoking_a_report_without_links_returns_zero()
    {
        Assert.Equal(0, await RevokeAsync(Guid.NewGuid()));
    }

    // ---- Rotation ----

    [Fact]
    public async Task Rotating_stops_the_old_token_and_issues_a_new_one_for_the_same_report()
    {
        var reportId = Guid.NewGuid();
        var old = await CreateAsync(reportId);

        var rotated = await RotateAsync(reportId);

        Assert.Equal(reportId, rotated.ReportId);
        Assert.NotEqual(old.Token, rotated.Token);
        Assert.Null(await ResolveAsync(old.Token));
        Assert.Equal(reportId, (await ResolveAsync(rotated.Token))?.ReportId);
    }

    [Fact]
    public async Task Rotating_revokes_every_live_link_of_the_report_and_none_of_another_report()
    {
        var reportId = Guid.NewGuid();
        var otherReport = Guid.NewGuid();
        var olds = new[] { await CreateAsync(reportId), await CreateAsync(reportId) };
        var other = await CreateAsync(otherReport);

        var rotated = await RotateAsync(reportId);

        Assert.All(olds, o => Assert.Null(ResolveAsync(o.Token).GetAwaiter().GetResult()));
        Assert.Equal(reportId, (await ResolveAsync(rotated.Token))?.ReportId);
        Assert.Equal(otherReport, (await ResolveAsync(other.Token))?.ReportId);
        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM share_links WHERE report_id = '{reportId}' AND revoked_at IS NULL"));
    }

    [Fact]
    public async Task A_rotated_link_gets_a_full_lifetime_from_the_moment_of_rotation()
    {
        var reportId = Guid.NewGuid();
        await CreateAsync(reportId);
        _clock.Advance(TimeSpan.FromDays(10));

        var rotated = await RotateAsync(reportId);

        Assert.Equal(_clock.Now + DefaultLifetime, rotated.ExpiresAt);
        _clock.Advance(DefaultLifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(reportId, (await ResolveAsync(rotated.Token))?.ReportId);
    }

    [Fact]
    public async Task Rotating_a_report_without_links_issues_its_first_link()
    {
        var reportId = Guid.NewGuid();

        var rotated = await RotateAsync(reportId);

        Assert.Equal(reportId, (await ResolveAsync(rotated.Token))?.ReportId);
    }

    [Fact]
    public async Task Concurrent_rotations_leave_exactly_one_live_link()
    {
        var reportId = Guid.NewGuid();
        await CreateAsync(reportId);
        var go = new TaskCompletionSource();
        var rotations = Enumerable.Range(0, 4).Select(async _ =>
        {
            await go.Task;
            return await RotateAsync(reportId);
        }).ToList();

        go.SetResult();
        var issued = await Task.WhenAll(rotations);

        var live = 0;
        foreach (var link in issued)
        {
            live += await ResolveAsync(link.Token) is null ? 0 : 1;
        }

        Assert.Equal(1, live);
    }

    // ---- Wrong tokens ----

    private static readonly Dictionary<string, string> WrongTokens = new()
    {
        ["empty"] = "",
        ["whitespace"] = "   ",
        ["garbage"] = "not a token!",
        ["path traversal"] = "../../etc/passwd",
        ["sql"] = "' OR 1=1 --",
        ["nul"] = "\0",
        // 43 Base64Url characters, like a real token, of 32 bytes nobody issued.
        ["valid-looking unknown"] = Base64Url.EncodeToString(SHA256.HashData("nobody issued this"u8)),
        ["10 000 characters"] = new string('A', 10_000),
        ["non-ASCII"] = "ünïcødé-тест-测试-🔗",
        ["lone surrogate"] = "abc\uD800def",
        ["right-to-left and zero-width"] = "\u202Eabc\u200B",
    };

    [Theory]
    [InlineData("empty")]
    [InlineData("whitespace")]
    [InlineData("garbage")]
    [InlineData("path traversal")]
    [InlineData("sql")]
    [InlineData("nul")]
    [InlineData("valid-looking unknown")]
    [InlineData("10 000 characters")]
    [InlineData("non-ASCII")]
    [InlineData("lone surrogate")]
    [InlineData("right-to-left and zero-width")]
    public async Task A_wrong_or_malformed_token_resolves_to_null_without_throwing(string kind)
    {
        var real = await CreateAsync(Guid.NewGuid()); // the table is not empty

        Assert.Null(await ResolveAsync(WrongTokens[kind]));
        Assert.NotNull(await ResolveAsync(real.Token));
    }

    [Fact]
    public async Task A_near_miss_of_a_real_token_does_not_resolve()
    {
        var token = (await CreateAsync(Guid.NewGuid())).Token;
        var nearMisses = new[]
        {
            token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            token[..^1],
            token + "A",
            token + "=",
            token + " ",
            " " + token,
            token + "\n",
            token.ToUpperInvariant(),
            token.ToLowerInvariant(),
            token.Replace('-', '+').Replace('_', '/'),
            token + token,
        }.Where(t => t != token).Distinct().ToList();

        foreach (var nearMiss in nearMisses)
        {
            Assert.Null(await ResolveAsync(nearMiss));
        }
    }

    // ---- Helpers ----

    private ReportingDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql(_database).Options);

    /// <summary>One operation as one request runs it: its own DbContext, disposed afterwards.</summary>
    private async Task<T> RequestAsync<T>(Func<ShareLinks, Task<T>> operation, TimeSpan? lifetime = null)
    {
        await using var db = NewDbContext();
        var options = lifetime is null ? new ShareLinkOptions() : new ShareLinkOptions { Lifetime = lifetime.Value };
        return await operation(new ShareLinks(db, _clock, Options.Create(options)));
    }

    /// <param name="lifetime">Null: the component's default.</param>
    private Task<IssuedShareLink> CreateAsync(Guid reportId, TimeSpan? lifetime = null) =>
        RequestAsync(links => links.CreateAsync(reportId), lifetime);

    private Task<IssuedShareLink> RotateAsync(Guid reportId) => RequestAsync(links => links.RotateAsync(reportId));

    private Task<int> RevokeAsync(Guid reportId) => RequestAsync(links => links.RevokeAsync(reportId));

    private Task<ResolvedShareLink?> ResolveAsync(string token) => RequestAsync(links => links.ResolveAsync(token));

    private async Task<List<string>> CreateManyAsync(int count)
    {
        await using var db = NewDbContext();
        var links = new ShareLinks(db, _clock, Options.Create(new ShareLinkOptions()));
        var tokens = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            tokens.Add((await links.CreateAsync(Guid.NewGuid())).Token);
        }

        return tokens;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No row from: {sql}");
        var value = reader.GetFieldValue<T>(0);
        Assert.False(await reader.ReadAsync(), $"More than one row from: {sql}");
        return value;
    }

    /// <summary>Every row of every table of the database, each as its JSON text (bytea columns render as hex).</summary>
    private async Task<List<string>> AllRowsAsTextAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("public.share_links", tables);
        var rows = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }
}
