using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Reporting.Infrastructure.EntityConfigurations;

public sealed class ShareLinkEntityTypeConfiguration : IEntityTypeConfiguration<ShareLink>
{
    public void Configure(EntityTypeBuilder<ShareLink> link)
    {
        link.ToTable("share_links");
        link.HasKey(l => l.Id).HasName("pk_share_links");
        link.Property(l => l.Id).HasColumnName("id").ValueGeneratedNever();
        link.Property(l => l.ReportId).HasColumnName("report_id");
        link.Property(l => l.TokenHash).HasColumnName("token_hash").HasMaxLength(32);
        link.Property(l => l.CreatedAt).HasColumnName("created_at");
        link.Property(l => l.ExpiresAt).HasColumnName("expires_at");
        link.Property(l => l.RevokedAt).HasColumnName("revoked_at");
        link.HasIndex(l => l.TokenHash).IsUnique().HasDatabaseName("ux_share_links_token_hash");
        link.HasIndex(l => l.ReportId).HasDatabaseName("ix_share_links_report_id");
    }
}
