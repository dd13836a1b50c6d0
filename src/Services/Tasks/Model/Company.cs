namespace Clearhours.Tasks.Model;

/// <summary>A client of the agency: who is billed, in which currency, on what terms.</summary>
public sealed class Company
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string? ExternalId { get; private set; }
    public string Name { get; private set; } = "";
    public string? LegalName { get; private set; }
    public string? TaxId { get; private set; }
    public string? Address { get; private set; }
    public string? BankName { get; private set; }
    public string? BankAccount { get; private set; }
    public string? BankBic { get; private set; }
    public string? ContactEmail { get; private set; }
    public string Currency { get; private set; } = "";
    public int PaymentTermsDays { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Company Create(string? externalId) => new() { ExternalId = externalId };

    /// <returns>true when anything changed (and the version moved on).</returns>
    public bool Update(CompanyDetails details, DateTimeOffset now)
    {
        if (Version > 0 && details == Details)
        {
            return false;
        }

        (Name, LegalName, TaxId, Address, BankName, BankAccount, BankBic, ContactEmail, Currency, PaymentTermsDays) = details;
        Version++;
        UpdatedAt = now;
        return true;
    }

    public CompanyDetails Details => new(Name, LegalName, TaxId, Address, BankName, BankAccount, BankBic, ContactEmail, Currency, PaymentTermsDays);
}

public sealed record CompanyDetails(
    string Name, string? LegalName, string? TaxId, string? Address, string? BankName, string? BankAccount, string? BankBic,
    string? ContactEmail, string Currency, int PaymentTermsDays);
