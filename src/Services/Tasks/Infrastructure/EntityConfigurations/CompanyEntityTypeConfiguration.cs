using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class CompanyEntityTypeConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> company)
    {
        company.ToTable("companies");
        company.HasKey(c => c.Id);
        company.Property(c => c.Id).ValueGeneratedNever();
        company.Property(c => c.ExternalId).HasMaxLength(200);
        company.HasIndex(c => c.ExternalId).IsUnique();
        company.Property(c => c.Name).HasMaxLength(300);
        company.HasIndex(c => c.Name);
        company.Property(c => c.LegalName).HasMaxLength(500);
        company.Property(c => c.TaxId).HasMaxLength(50);
        company.Property(c => c.Address).HasMaxLength(1000);
        company.Property(c => c.BankName).HasMaxLength(300);
        company.Property(c => c.BankAccount).HasMaxLength(64);
        company.Property(c => c.BankBic).HasMaxLength(20);
        company.Property(c => c.ContactEmail).HasMaxLength(320);
        company.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        company.Property(c => c.Version).IsConcurrencyToken();
        company.Ignore(c => c.Details);
    }
}
