using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Clearhours.Testing;

/// <summary>Staff tokens as the gateway's built-in issuer mints them: same issuer, audience, claims and HS256 key.</summary>
public static class StaffTokens
{
    /// <param name="signingKey">The key the service under test got as Identity:SigningKey (or another, for a forged token).</param>
    /// <param name="userName">Who the service's history names; by default the role's name.</param>
    public static string Mint(string signingKey, string role, string? userName = null, string audience = BuiltInIssuer.Audience)
    {
        var now = DateTime.UtcNow;
        var name = userName ?? role;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BuiltInIssuer.Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, name),
                new Claim(BuiltInIssuer.NameClaim, name),
                new Claim(BuiltInIssuer.RoleClaim, role),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
