using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Reporting.Infrastructure.EntityConfigurations;

public sealed class ReportEntityTypeConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> report)
    {
        report.ToTable("reports");
        report.HasKey(r => r.Id).HasName("pk_reports");
        report.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        report.Property(r => r.Number).HasColumnName("number").HasMaxLength(30);
        report.HasIndex(r => r.Number).IsUnique().HasDatabaseName("ux_reports_number");
        report.Property(r => r.Title).HasColumnName("title").HasMaxLength(300);
        report.Property(r => r.CompanyId).HasColumnName("company_id");
        report.Property(r => r.CompanyName).HasColumnName("company_name");
        report.Property(r => r.From).HasColumnName("period_from");
        report.Property(r => r.To).HasColumnName("period_to");
        report.Property(r => r.Currency).HasColumnName("currency").HasMaxLength(3);
        report.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
        report.HasIndex(r => new { r.Status, r.CompanyId }).HasDatabaseName("ix_reports_status_company_id");
        report.HasIndex(r => new { r.CompanyId, r.From }).HasDatabaseName("ix_reports_company_id_period_from");
        report.Property(r => r.Amount).HasColumnName("amount").HasPrecision(18, 2);
        report.Property(r => r.CreatedAt).HasColumnName("created_at");
        report.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        report.Property(r => r.BilledHours).HasColumnName("billed_hours").HasPrecision(12, 2);
        report.Property(r => r.StatusSince).HasColumnName("status_since");
        report.Property(r => r.Version).HasColumnName("version").IsConcurrencyToken();
        report.Property(r => r.Filters).HasColumnName("filters").HasColumnType("jsonb")
            .HasConversion(Json.ObjectConverter<ReportFilters>(), Json.ObjectComparer<ReportFilters>());
        report.Property(r => r.Lines).HasColumnName("lines").HasColumnType("jsonb").HasConversion(Json.Converter<CardLine>(), Json.Comparer<CardLine>());
        report.Property(r => r.Adjustments).HasColumnName("adjustments").HasColumnType("jsonb")
            .HasConversion(Json.Converter<Adjustment>(), Json.Comparer<Adjustment>());
        report.Property(r => r.History).HasColumnName("history").HasColumnType("jsonb")
            .HasConversion(Json.Converter<StatusChange>(), Json.Comparer<StatusChange>());
        report.Property(r => r.Snapshot).HasColumnName("snapshot").HasColumnType("jsonb")
            .HasConversion(Json.ObjectConverter<ReportSnapshot?>(), Json.ObjectComparer<ReportSnapshot?>());
        report.Property(r => r.SnapshotHash).HasColumnName("snapshot_hash").HasMaxLength(64);
        report.Property(r => r.Approval).HasColumnName("approval").HasColumnType("jsonb")
            .HasConversion(Json.ObjectConverter<Approval?>(), Json.ObjectComparer<Approval?>());
        report.Property(r => r.ChangeRequests).HasColumnName("change_requests").HasColumnType("jsonb")
            .HasConversion(Json.Converter<ChangeRequest>(), Json.Comparer<ChangeRequest>());
        report.Property(r => r.InvoiceNumber).HasColumnName("invoice_number").HasMaxLength(50);
        report.Property(r => r.InvoiceId).HasColumnName("invoice_id");
        report.Property(r => r.Documents).HasColumnName("documents").HasColumnType("jsonb")
            .HasConversion(Json.Converter<ReportDocument>(), Json.Comparer<ReportDocument>());
        report.Property(r => r.Payments).HasColumnName("payments").HasColumnType("jsonb")
            .HasConversion(Json.Converter<ReportPayment>(), Json.Comparer<ReportPayment>());
        report.Property(r => r.ClaimVersion).HasColumnName("claim_version");
        report.Property(r => r.Locks).HasColumnName("locks").HasColumnType("jsonb")
            .HasConversion(Json.ObjectConverter<TimeLocks?>(), Json.ObjectComparer<TimeLocks?>());
        report.Ignore(r => r.LockStatus);
        report.Ignore(r => r.BilledTimeEntryIds);
        report.Ignore(r => r.IsEditable);
        report.Ignore(r => r.Balance);
    }
}

public sealed class ReportClaimEntityTypeConfiguration : IEntityTypeConfiguration<ReportClaim>
{
    public const string PrimaryKey = "pk_report_claims";

    public void Configure(EntityTypeBuilder<ReportClaim> claim)
    {
        claim.ToTable("report_claims");
        // One row per time entry: a second active report claiming the same entry violates this key.
        claim.HasKey(c => c.TimeEntryId).HasName(PrimaryKey);
        claim.Property(c => c.TimeEntryId).HasColumnName("time_entry_id");
        claim.Property(c => c.ReportId).HasColumnName("report_id");
        claim.Property(c => c.ClaimedAt).HasColumnName("claimed_at");
        claim.Property(c => c.EntryVersion).HasColumnName("entry_version");
        claim.Property(c => c.TaskId).HasColumnName("task_id");
        claim.Property(c => c.ProjectId).HasColumnName("project_id");
        claim.Property(c => c.CompanyId).HasColumnName("company_id");
        claim.Property(c => c.Person).HasColumnName("person");
        claim.Property(c => c.WorkDate).HasColumnName("work_date");
        claim.Property(c => c.Minutes).HasColumnName("minutes");
        claim.HasIndex(c => c.ReportId).HasDatabaseName("ix_report_claims_report_id");
        claim.HasOne<Report>().WithMany().HasForeignKey(c => c.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
