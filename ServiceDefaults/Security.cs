using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>The staff roles; admin may do everything.</summary>
public static class StaffRoles
{
    public const string Manager = "manager";
    public const string Accountant = "accountant";
    public const string Admin = "admin";

    public static readonly string[] All = [Manager, Accountant, Admin];
}

/// <summary>Authorization policies an endpoint names, and the roles each admits.</summary>
public static class Policies
{
    /// <summary>Tasks and reports.</summary>
    public const string Manager = "manager";

    /// <summary>Invoices, payments and documents.</summary>
    public const string Accountant = "accountant";

    /// <summary>Agency settings.</summary>
    public const string Admin = "admin";

    /// <summary>Any staff member.</summary>
    public const string Staff = "staff";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [Manager] = [StaffRoles.Manager, StaffRoles.Admin],
        [Accountant] = [StaffRoles.Accountant, StaffRoles.Admin],
        [Admin] = [StaffRoles.Admin],
        [Staff] = StaffRoles.All,
    };
}

/// <summary>
/// The token issuer built into the gateway, for machines without an OpenID Connect provider. Every service
/// validates its tokens with the same key (Identity:SigningKey, a secret the AppHost generates).
/// </summary>
public static class BuiltInIssuer
{
    public const string Issuer = "clearhours";
    public const string Audience = "clearhours-api";
    public const string RoleClaim = "role";
    public const string NameClaim = "name";

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration)
    {
        var key = configuration["Identity:SigningKey"];
        if (string.IsNullOrEmpty(key) || Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException(
                "Identity:SigningKey must be set (at least 32 bytes) when Identity:Authority is not: the AppHost generates one; " +
                "in production set Identity:Authority and Identity:Audience of your OpenID Connect provider.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}

public static class SecurityExtensions
{
    /// <summary>
    /// JWT bearer authentication of staff users and the role policies. Every endpoint requires an authenticated
    /// user unless it says AllowAnonymous.
    /// </summary>
    public static TBuilder AddStaffAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var identity = builder.Configuration.GetSection("Identity");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            var authority = identity["Authority"];
            if (!string.IsNullOrEmpty(authority))
            {
                options.Authority = authority;
                options.Audience = identity["Audience"];
                options.TokenValidationParameters.RoleClaimType = identity["RoleClaim"] ?? "roles";
                options.TokenValidationParameters.NameClaimType = identity["NameClaim"] ?? BuiltInIssuer.NameClaim;
                return;
            }

            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = BuiltInIssuer.Issuer,
                ValidAudience = BuiltInIssuer.Audience,
                IssuerSigningKey = BuiltInIssuer.SigningKey(builder.Configuration),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RoleClaimType = BuiltInIssuer.RoleClaim,
                NameClaimType = BuiltInIssuer.NameClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in Policies.Roles)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, MediaTypeBeforeSignIn>();

        return builder;
    }
}
