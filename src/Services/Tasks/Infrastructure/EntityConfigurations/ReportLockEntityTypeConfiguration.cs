using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class ReportLockEntityTypeConfiguration : IEntityTypeConfiguration<ReportLock>
{
    public void Configure(EntityTypeBuilder<ReportLock> reportLock)
    {
        reportLock.ToTable("report_locks");
        reportLock.HasKey(l => l.ReportId).HasName("pk_report_locks");
        reportLock.Property(l => l.ReportId).HasColumnName("report_id").ValueGeneratedNever();
        reportLock.Property(l => l.ReportNumber).HasColumnName("report_number").HasMaxLength(30);
        reportLock.Property(l => l.ClaimVersion).HasColumnName("claim_version");
        reportLock.Property(l => l.Released).HasColumnName("released");
        reportLock.Property(l => l.UpdatedAt).HasColumnName("updated_at");
    }
}
