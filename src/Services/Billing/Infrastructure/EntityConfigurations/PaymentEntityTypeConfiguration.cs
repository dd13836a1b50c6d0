using Clearhours.Billing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Billing.Infrastructure.EntityConfigurations;

public sealed class PaymentEntityTypeConfiguration : IEntityTypeConfiguration<Payment>
{
    public const string SourceExternalIdIndex = "ux_payments_source_external_id";

    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("payments");
        payment.HasKey(p => p.Id).HasName("pk_payments");
        payment.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        payment.Property(p => p.Source).HasColumnName("source").HasMaxLength(64);
        payment.Property(p => p.ExternalId).HasColumnName("external_id").HasMaxLength(200);
        // A payment counts once, however many times and ways it arrives.
        payment.HasIndex(p => new { p.Source, p.ExternalId }).IsUnique().HasDatabaseName(SourceExternalIdIndex);
        payment.Property(p => p.Reference).HasColumnName("reference").HasMaxLength(100);
        payment.Property(p => p.Amount).HasColumnName("amount").HasPrecision(18, 2);
        payment.Property(p => p.Currency).HasColumnName("currency").HasMaxLength(3);
        payment.Property(p => p.PaidAt).HasColumnName("paid_at");
        payment.Property(p => p.PayerName).HasColumnName("payer_name").HasMaxLength(500);
        payment.Property(p => p.PayerAccount).HasColumnName("payer_account").HasMaxLength(64);
        payment.Property(p => p.Purpose).HasColumnName("purpose").HasMaxLength(2000);
        payment.Property(p => p.ReceivedAt).HasColumnName("received_at");
        payment.Property(p => p.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
        payment.HasIndex(p => new { p.Status, p.ReceivedAt }).HasDatabaseName("ix_payments_status_received_at");
        payment.Property(p => p.UnmatchedReason).HasColumnName("unmatched_reason").HasMaxLength(1000);
        payment.Property(p => p.InvoiceId).HasColumnName("invoice_id");
        payment.HasIndex(p => p.InvoiceId).HasDatabaseName("ix_payments_invoice_id");
        payment.Property(p => p.CompanyId).HasColumnName("company_id");
        payment.Property(p => p.AppliedAmount).HasColumnName("applied_amount").HasPrecision(18, 2);
        payment.Property(p => p.CreditAmount).HasColumnName("credit_amount").HasPrecision(18, 2);
        payment.Property(p => p.AssignedBy).HasColumnName("assigned_by").HasMaxLength(200);
        payment.Property(p => p.Version).HasColumnName("version").IsConcurrencyToken();
    }
}

public sealed class ClientCreditEntityTypeConfiguration : IEntityTypeConfiguration<ClientCredit>
{
    public void Configure(EntityTypeBuilder<ClientCredit> credit)
    {
        credit.ToTable("client_credits");
        credit.HasKey(c => c.Id).HasName("pk_client_credits");
        credit.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        credit.Property(c => c.CompanyId).HasColumnName("company_id");
        credit.Property(c => c.Currency).HasColumnName("currency").HasMaxLength(3);
        credit.HasIndex(c => new { c.CompanyId, c.Currency }).HasDatabaseName("ix_client_credits_company_id_currency");
        credit.Property(c => c.Amount).HasColumnName("amount").HasPrecision(18, 2);
        credit.Property(c => c.PaymentId).HasColumnName("payment_id");
        credit.Property(c => c.InvoiceId).HasColumnName("invoice_id");
        credit.Property(c => c.Note).HasColumnName("note").HasMaxLength(1000);
        credit.Property(c => c.At).HasColumnName("at");
        credit.Property(c => c.FromCreditId).HasColumnName("from_credit_id");
        credit.HasIndex(c => c.FromCreditId).HasDatabaseName("ix_client_credits_from_credit_id");
    }
}
