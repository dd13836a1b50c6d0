using Clearhours.Testing;

namespace Clearhours.Reporting.Tests.Http;

/// <summary>Staff tokens as the gateway's built-in issuer mints them: same issuer, audience, claims and HS256 key.</summary>
internal static class TestTokens
{
    /// <summary>64 characters; the service under test gets it as Identity:SigningKey.</summary>
    public const string SigningKey = "clearhours-reporting-tests-signing-key-not-a-secret-0123456789ab";

    /// <param name="userName">Who the report's history names; a staff member signs in under their role's name here.</param>
    public static string For(string role, string? userName = null) => StaffTokens.Mint(SigningKey, role, userName);
}
