using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Clearhours.Gateway;

public sealed record StaffUser(string UserName, string PasswordHash, string[] Roles);

/// <summary>
/// The built-in issuer's users, from configuration (Identity:Users:{name}:PasswordHash and :Roles). Only the
/// development settings name any; production either configures its own or uses an OpenID Connect provider.
/// </summary>
public sealed class StaffDirectory(IConfiguration configuration, TimeProvider time)
{
    private static readonly PasswordHasher<StaffUser> Hasher = new();

    // Verified against when the user does not exist, so an unknown name costs as much as a wrong password.
    private static readonly StaffUser Nobody = new("", HashPassword(Guid.NewGuid().ToString()), []);

    public TimeSpan TokenLifetime => configuration.GetValue("Identity:TokenLifetime", TimeSpan.FromMinutes(30));

    public static string HashPassword(string password) => Hasher.HashPassword(Nobody, password);

    public StaffUser? Authenticate(string userName, string password)
    {
        var user = Find(userName);
        var result = Hasher.VerifyHashedPassword(user ?? Nobody, (user ?? Nobody).PasswordHash, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }

    public (string Token, DateTimeOffset ExpiresAt) IssueToken(StaffUser user)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BuiltInIssuer.Issuer,
            Audience = BuiltInIssuer.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
                [new Claim(JwtRegisteredClaimNames.Sub, user.UserName), new Claim(BuiltInIssuer.NameClaim, user.UserName),
                 .. user.Roles.Select(role => new Claim(BuiltInIssuer.RoleClaim, role))]),
            SigningCredentials = new SigningCredentials(BuiltInIssuer.SigningKey(configuration), SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    private StaffUser? Find(string userName)
    {
        var section = configuration.GetSection($"Identity:Users:{userName}");
        var hash = section["PasswordHash"];
        if (userName.Length == 0 || string.IsNullOrEmpty(hash))
        {
            return null;
        }

        var roles = section.GetSection("Roles").Get<string[]>() ?? [];
        return new StaffUser(userName, hash, [.. roles.Where(StaffRoles.All.Contains)]);
    }
}

public static class StaffDirectoryExtensions
{
    public static void AddStaffDirectory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StaffDirectory>();
    }
}
