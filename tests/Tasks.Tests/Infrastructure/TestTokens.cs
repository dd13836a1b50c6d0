using Clearhours.Testing;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Tasks.Tests.Infrastructure;

/// <summary>Staff tokens as the gateway's built-in issuer mints them: same issuer, audience, claims and HS256 key.</summary>
internal static class TestTokens
{
    /// <summary>64 characters; the service under test gets it as Identity:SigningKey.</summary>
    public const string SigningKey = "clearhours-tasks-tests-signing-key-not-a-secret-0123456789abcdef";

    /// <summary>A key the service does not know, for forged tokens.</summary>
    public const string ForeignKey = "another-key-that-the-service-does-not-know-0123456789abcdefghijk";

    public static string For(string role, string userName = "tester", string signingKey = SigningKey, string audience = BuiltInIssuer.Audience) =>
        StaffTokens.Mint(signingKey, role, userName, audience);
}
