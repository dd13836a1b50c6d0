namespace Clearhours.Deploy.Tests;

/// <summary>
/// A configuration key as the manifests give it (an environment variable, `*` for a name the operator chooses), where
/// the code reads it (a file and a text in it, checked by the tests, so the list cannot outlive the code), whether a
/// production deployment must set it, and whether it is a secret (then only a Secret may hold it).
/// </summary>
public sealed record Setting(string Key, string ReadIn, string Text, bool Required = true, bool Secret = false);

public static class ConfigurationKeys
{
    private static readonly Setting[] EveryProcess =
    [
        new("OTEL_EXPORTER_OTLP_ENDPOINT", "ServiceDefaults/Extensions.cs", "\"OTEL_EXPORTER_OTLP_ENDPOINT\""),
        // Read by the OpenTelemetry SDK itself; the AppHost sets it to the resource's name.
        new("OTEL_SERVICE_NAME", "ServiceDefaults/Extensions.cs", "UseOtlpExporter()"),
        new("Identity__SigningKey", "ServiceDefaults/Security.cs", "\"Identity:SigningKey\"", Secret: true),
        // An OpenID Connect provider instead of the built-in issuer: not in these overlays (the web app signs in
        // through the built-in issuer), allowed for whoever adds it.
        new("Identity__Authority", "ServiceDefaults/Security.cs", "identity[\"Authority\"]", Required: false, Secret: true),
        new("Identity__Audience", "ServiceDefaults/Security.cs", "identity[\"Audience\"]", Required: false, Secret: true),
        new("Limits__MaxRequestBodySize", "ServiceDefaults/Pipeline.cs", "\"Limits:MaxRequestBodySize\"", Required: false),
    ];

    private static Setting[] Api(string service, string database) =>
    [
        .. EveryProcess,
        new($"ConnectionStrings__{database}", $"src/Services/{service}/Extensions/Extensions.cs", $"(\"{database}\")", Secret: true),
        new("ConnectionStrings__messaging", "src/Messaging/MessagingExtensions.cs", "BrokerConnectionName = \"messaging\"", Secret: true),
        new("Database__Migrations", "src/Persistence/DatabaseMigrations.cs", "\"Database:Migrations\""),
    ];

    private static Setting[] TrustedProxies =>
    [
        new("ForwardedHeaders__KnownNetworks__*", "ServiceDefaults/TrustedProxies.cs", "GetSection(\"KnownNetworks\")"),
        new("ForwardedHeaders__KnownProxies__*", "ServiceDefaults/TrustedProxies.cs", "GetSection(\"KnownProxies\")", Required: false),
    ];

    /// <summary>What each Deployment's own container reads, by Deployment name.</summary>
    public static readonly IReadOnlyDictionary<string, Setting[]> ByService = new Dictionary<string, Setting[]>
    {
        ["tasks-api"] = Api("Tasks", "tasksdb"),
        ["reporting-api"] =
        [
            .. Api("Reporting", "reportingdb"),
            new("ShareLinks__Lifetime", "src/Services/Reporting/Extensions/Extensions.cs", "GetSection(\"ShareLinks\")", Required: false),
        ],
        ["billing-api"] =
        [
            .. Api("Billing", "billingdb"),
            new("Billing__Webhooks__*__Secret", "src/Services/Billing/Payments/PaymentSourcesApi.cs", "$\"Billing:Webhooks:{source}:Secret\"", Secret: true),
            new("Billing__Statements__Currency", "src/Services/Billing/Payments/PaymentSourcesApi.cs", "\"Billing:Statements:Currency\""),
            new("Billing__InvoiceNumberFormat", "src/Services/Billing/Infrastructure/BillingOptions.cs", "InvoiceNumberFormat", Required: false),
            new("Billing__CreditNoteNumberFormat", "src/Services/Billing/Infrastructure/BillingOptions.cs", "CreditNoteNumberFormat", Required: false),
        ],
        ["documents-api"] =
        [
            .. Api("Documents", "documentsdb"),
            new("services__reporting-api__http__0", "src/Services/Documents/Extensions/Extensions.cs", "\"https+http://reporting-api\""),
            .. new[] { "LegalName", "TaxId", "Address", "BankName", "BankAccount", "BankBic", "SignatoryName", "SignatoryPosition" }
                .Select(field => new Setting($"Documents__Agency__{field}", "src/Services/Documents/Model/AgencyProfile.cs", $"string? {field}")),
            new("Documents__Agency__AccentColor", "src/Services/Documents/Model/AgencyProfile.cs", "AccentColor", Required: false),
            new("Documents__Agency__Language", "src/Services/Documents/Model/AgencyProfile.cs", "Language", Required: false),
        ],
        ["gateway"] =
        [
            .. EveryProcess,
            .. TrustedProxies,
            .. new[] { "tasks-api", "reporting-api", "billing-api", "documents-api", "web" }
                .Select(service => new Setting($"services__{service}__http__0", "src/Gateway/appsettings.json", $"\"http://{service}\"")),
            new("Identity__Users__*__PasswordHash", "src/Gateway/StaffDirectory.cs", "section[\"PasswordHash\"]", Secret: true),
            new("Identity__Users__*__Roles__*", "src/Gateway/StaffDirectory.cs", "GetSection(\"Roles\")"),
            new("Identity__TokenLifetime", "src/Gateway/StaffDirectory.cs", "\"Identity:TokenLifetime\"", Required: false),
            new("RateLimits__Public__PerMinute", "src/Gateway/RateLimits.cs", "\"Public:PerMinute\"", Required: false),
            new("RateLimits__Token__PerMinute", "src/Gateway/RateLimits.cs", "\"Token:PerMinute\"", Required: false),
        ],
        ["web"] =
        [
            .. EveryProcess,
            .. TrustedProxies,
            new("Gateway__Url", "src/Web/Program.cs", "\"Gateway:Url\""),
        ],
    };

    public static bool Matches(this Setting setting, string key) =>
        System.Text.RegularExpressions.Regex.IsMatch(key,
            "^" + string.Join("[^_]+", setting.Key.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");
}
