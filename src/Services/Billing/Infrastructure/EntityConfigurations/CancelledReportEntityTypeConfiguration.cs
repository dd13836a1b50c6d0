using Clearhours.Billing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Billing.Infrastructure.EntityConfigurations;

public sealed class CancelledReportEntityTypeConfiguration : IEntityTypeConfiguration<CancelledReport>
{
    public void Configure(EntityTypeBuilder<CancelledReport> report)
    {
        report.ToTable("cancelled_reports");
        report.HasKey(r => r.ReportId).HasName("pk_cancelled_reports");
        report.Property(r => r.ReportId).HasColumnName("report_id").ValueGeneratedNever();
        report.Property(r => r.ReportNumber).HasColumnName("report_number").HasMaxLength(30);
        report.Property(r => r.CancelledAt).HasColumnName("cancelled_at");
    }
}
