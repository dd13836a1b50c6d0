using Clearhours.Documents.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Documents.Infrastructure.EntityConfigurations;

public sealed class DocumentEntityTypeConfiguration : IEntityTypeConfiguration<Document>
{
    /// <summary>One drawn document per report, invoice, kind and version.</summary>
    public const string OneVersionPerSource = "ux_documents_generated_version";

    public void Configure(EntityTypeBuilder<Document> document)
    {
        document.ToTable("documents");
        document.HasKey(d => d.Id).HasName("pk_documents");
        document.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        document.Property(d => d.ReportId).HasColumnName("report_id");
        document.Property(d => d.ReportNumber).HasColumnName("report_number").HasMaxLength(40);
        document.Property(d => d.InvoiceId).HasColumnName("invoice_id");
        document.Property(d => d.InvoiceNumber).HasColumnName("invoice_number").HasMaxLength(40);
        document.Property(d => d.Kind).HasColumnName("kind").HasMaxLength(20);
        document.Property(d => d.Version).HasColumnName("version");
        // A report's own documents have no invoice: NULLS NOT DISTINCT makes its v1 unique too.
        document.HasIndex(d => new { d.ReportId, d.InvoiceId, d.Kind, d.Version }).IsUnique().AreNullsDistinct(false)
            .HasFilter("kind IN ('report', 'invoice', 'act')").HasDatabaseName(OneVersionPerSource);
        document.HasIndex(d => new { d.ReportId, d.CreatedAt }).HasDatabaseName("ix_documents_report_id_created_at");
        document.HasIndex(d => new { d.InvoiceId, d.CreatedAt }).HasDatabaseName("ix_documents_invoice_id_created_at");
        document.Property(d => d.FileName).HasColumnName("file_name").HasMaxLength(200);
        document.Property(d => d.ContentType).HasColumnName("content_type").HasMaxLength(100);
        document.Property(d => d.Size).HasColumnName("size");
        document.Property(d => d.Sha256).HasColumnName("sha256").HasMaxLength(64);
        document.Property(d => d.StorageKey).HasColumnName("storage_key").HasMaxLength(100);
        document.HasIndex(d => d.StorageKey).IsUnique().HasDatabaseName("ux_documents_storage_key");
        document.Property(d => d.ProfileVersion).HasColumnName("profile_version");
        document.Property(d => d.Source).HasColumnName("source").HasColumnType("jsonb");
        document.Property(d => d.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
        document.Property(d => d.SignedScanId).HasColumnName("signed_scan_id");
        document.Property(d => d.Note).HasColumnName("note").HasMaxLength(1000);
        document.ComplexCollection(d => d.History, history => history.ToJson("history"));
        document.Property(d => d.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
        document.Property(d => d.CreatedAt).HasColumnName("created_at");
        document.Ignore(d => d.Subject);
    }
}

public sealed class DocumentContentEntityTypeConfiguration : IEntityTypeConfiguration<DocumentContent>
{
    public void Configure(EntityTypeBuilder<DocumentContent> content)
    {
        content.ToTable("document_contents");
        content.HasKey(c => c.StorageKey).HasName("pk_document_contents");
        content.Property(c => c.StorageKey).HasColumnName("storage_key").HasMaxLength(100);
        content.Property(c => c.Content).HasColumnName("content");
    }
}

public sealed class AgencyProfileEntityTypeConfiguration : IEntityTypeConfiguration<AgencyProfile>
{
    public void Configure(EntityTypeBuilder<AgencyProfile> profile)
    {
        profile.ToTable("agency_profiles");
        profile.HasKey(p => p.Version).HasName("pk_agency_profiles");
        profile.Property(p => p.Version).HasColumnName("version").ValueGeneratedNever();
        profile.Property(p => p.LegalName).HasColumnName("legal_name").HasMaxLength(300);
        profile.Property(p => p.TaxId).HasColumnName("tax_id").HasMaxLength(20);
        profile.Property(p => p.Address).HasColumnName("address").HasMaxLength(500);
        profile.Property(p => p.BankName).HasColumnName("bank_name").HasMaxLength(300);
        profile.Property(p => p.BankAccount).HasColumnName("bank_account").HasMaxLength(34);
        profile.Property(p => p.BankBic).HasColumnName("bank_bic").HasMaxLength(11);
        profile.Property(p => p.SignatoryName).HasColumnName("signatory_name").HasMaxLength(200);
        profile.Property(p => p.SignatoryPosition).HasColumnName("signatory_position").HasMaxLength(200);
        profile.Property(p => p.AccentColor).HasColumnName("accent_color").HasMaxLength(7);
        profile.Property(p => p.Language).HasColumnName("language").HasMaxLength(2);
        profile.Property(p => p.Logo).HasColumnName("logo");
        profile.Property(p => p.LogoContentType).HasColumnName("logo_content_type").HasMaxLength(100);
        profile.Property(p => p.LogoPng).HasColumnName("logo_png");
        profile.Property(p => p.ChangedBy).HasColumnName("changed_by").HasMaxLength(200);
        profile.Property(p => p.ChangedAt).HasColumnName("changed_at");
        profile.Ignore(p => p.IsEnglish);
        profile.Ignore(p => p.Requisites);
    }
}
