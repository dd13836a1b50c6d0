namespace Clearhours.Contracts.Tasks;

/// <summary>The full state of a client company after a change; consumers keep the highest Version.</summary>
public sealed record CompanyChanged(
    Guid CompanyId,
    long Version,
    string Name,
    string? LegalName,
    string? TaxId,
    string? Address,
    BankDetails? Bank,
    string? ContactEmail,
    string Currency,
    int PaymentTermsDays,
    DateTimeOffset ChangedAt);

public sealed record BankDetails(string? BankName, string? Account, string? Bic);
