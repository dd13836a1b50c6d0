using Clearhours.Reporting.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Reporting.Infrastructure.EntityConfigurations;

public sealed class NotificationEntityTypeConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.HasKey(n => n.Id).HasName("pk_notifications");
        notification.Property(n => n.Id).HasColumnName("id").ValueGeneratedNever();
        notification.Property(n => n.ReportId).HasColumnName("report_id");
        notification.Property(n => n.ReportNumber).HasColumnName("report_number").HasMaxLength(30);
        notification.Property(n => n.Kind).HasColumnName("kind").HasMaxLength(40);
        notification.Property(n => n.Text).HasColumnName("text").HasMaxLength(Notification.TextMaxLength);
        notification.Property(n => n.CreatedAt).HasColumnName("created_at");
        notification.Property(n => n.ReadAt).HasColumnName("read_at");
        notification.Property(n => n.Who).HasColumnName("who").HasMaxLength(700);
        notification.Property(n => n.Comment).HasColumnName("comment").HasMaxLength(4000);
        notification.Property(n => n.InvoiceNumber).HasColumnName("invoice_number").HasMaxLength(40);
        notification.Property(n => n.Amount).HasColumnName("amount").HasPrecision(18, 2);
        notification.Property(n => n.Balance).HasColumnName("balance").HasPrecision(18, 2);
        notification.Property(n => n.Currency).HasColumnName("currency").HasMaxLength(3);
        notification.Property(n => n.Count).HasColumnName("count");
        notification.HasIndex(n => n.CreatedAt).HasDatabaseName("ix_notifications_created_at");
    }
}
