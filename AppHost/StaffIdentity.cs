using Microsoft.Extensions.Configuration;

namespace Clearhours.AppHost;

/// <summary>
/// Where staff tokens come from: the OpenID Connect provider named by Identity:Authority and Identity:Audience,
/// or else the gateway's built-in issuer with a signing key generated at each start.
/// </summary>
public sealed record StaffIdentity(string? Authority, string? Audience, IResourceBuilder<ParameterResource>? SigningKey)
{
    public static StaffIdentity From(IDistributedApplicationBuilder builder)
    {
        var authority = builder.Configuration["Identity:Authority"];
        return string.IsNullOrEmpty(authority)
            ? new StaffIdentity(null, null, builder.AddParameter("identity-signing-key",
                new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true))
            : new StaffIdentity(authority, builder.Configuration["Identity:Audience"], null);
    }
}

public static class StaffIdentityExtensions
{
    public static IResourceBuilder<ProjectResource> WithStaffIdentity(
        this IResourceBuilder<ProjectResource> project, StaffIdentity identity)
    {
        if (identity.SigningKey is not null)
        {
            return project.WithEnvironment("Identity__SigningKey", identity.SigningKey);
        }

        return project
            .WithEnvironment("Identity__Authority", identity.Authority)
            .WithEnvironment("Identity__Audience", identity.Audience ?? "");
    }
}
