using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class ProjectEntityTypeConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> project)
    {
        project.ToTable("projects");
        project.HasKey(p => p.Id);
        project.Property(p => p.Id).ValueGeneratedNever();
        project.Property(p => p.ExternalId).HasMaxLength(200);
        project.HasIndex(p => p.ExternalId).IsUnique();
        project.HasOne<Company>().WithMany().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Restrict);
        project.HasIndex(p => new { p.CompanyId, p.Name });
        project.Property(p => p.Name).HasMaxLength(300);
        project.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        project.Property(p => p.RoundingMode).HasConversion<string>().HasMaxLength(20);
        project.Property(p => p.Version).IsConcurrencyToken();
        // The rate card and the percents belong to the project row: read and changed with it, in one statement.
        project.OwnsMany(p => p.Rates, rates =>
        {
            rates.ToJson("rates");
            rates.Property(r => r.HourlyRate).HasPrecision(18, 2);
        });
        project.OwnsMany(p => p.BillablePercents, percents => percents.ToJson("billable_percents"));
    }
}
