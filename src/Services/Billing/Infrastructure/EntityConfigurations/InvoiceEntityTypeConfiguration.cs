using Clearhours.Billing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Billing.Infrastructure.EntityConfigurations;

public sealed class InvoiceEntityTypeConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> invoice)
    {
        invoice.ToTable("invoices");
        invoice.HasKey(i => i.Id).HasName("pk_invoices");
        invoice.Property(i => i.Id).HasColumnName("id").ValueGeneratedNever();
        invoice.Property(i => i.Number).HasColumnName("number").HasMaxLength(40);
        invoice.HasIndex(i => i.Number).IsUnique().HasDatabaseName("ux_invoices_number");
        invoice.Property(i => i.Year).HasColumnName("year");
        invoice.Property(i => i.Sequence).HasColumnName("sequence");
        invoice.HasIndex(i => new { i.Year, i.Sequence }).IsUnique().HasDatabaseName("ux_invoices_year_sequence");
        invoice.Property(i => i.PaymentReference).HasColumnName("payment_reference").HasMaxLength(25);
        invoice.HasIndex(i => i.PaymentReference).IsUnique().HasDatabaseName("ux_invoices_payment_reference");
        invoice.Property(i => i.ReportId).HasColumnName("report_id");
        // One live invoice per report; a cancelled one stays beside the next.
        invoice.HasIndex(i => i.ReportId).IsUnique().HasFilter("status <> 'Cancelled'").HasDatabaseName(InvoiceIssuing.OneLiveInvoicePerReport);
        invoice.Property(i => i.ReportNumber).HasColumnName("report_number").HasMaxLength(30);
        invoice.Property(i => i.CompanyId).HasColumnName("company_id");
        invoice.HasIndex(i => new { i.CompanyId, i.IssuedOn }).HasDatabaseName("ix_invoices_company_id_issued_on");
        invoice.ComplexProperty(i => i.Client, client => client.ToJson("client"));
        invoice.Property(i => i.PeriodFrom).HasColumnName("period_from");
        invoice.Property(i => i.PeriodTo).HasColumnName("period_to");
        invoice.ComplexCollection(i => i.Lines, lines => lines.ToJson("lines"));
        invoice.Property(i => i.SnapshotHash).HasColumnName("snapshot_hash").HasMaxLength(64);
        invoice.Property(i => i.Currency).HasColumnName("currency").HasMaxLength(3);
        invoice.Property(i => i.Total).HasColumnName("total").HasPrecision(18, 2);
        invoice.Property(i => i.PaidAmount).HasColumnName("paid_amount").HasPrecision(18, 2);
        invoice.Property(i => i.IssuedOn).HasColumnName("issued_on");
        invoice.Property(i => i.DueOn).HasColumnName("due_on");
        invoice.Property(i => i.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(20);
        invoice.HasIndex(i => new { i.Status, i.DueOn }).HasDatabaseName("ix_invoices_status_due_on");
        invoice.Property(i => i.CancelReason).HasColumnName("cancel_reason").HasMaxLength(1000);
        invoice.Property(i => i.CreditNoteNumber).HasColumnName("credit_note_number").HasMaxLength(40);
        invoice.Property(i => i.Version).HasColumnName("version").IsConcurrencyToken();
        invoice.Ignore(i => i.Balance);
        invoice.HasMany(i => i.Ledger).WithOne().HasForeignKey(e => e.InvoiceId).HasConstraintName("fk_invoice_ledger_invoices");
        invoice.Navigation(i => i.Ledger).HasField("_ledger").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class InvoiceLedgerEntryEntityTypeConfiguration : IEntityTypeConfiguration<InvoiceLedgerEntry>
{
    public void Configure(EntityTypeBuilder<InvoiceLedgerEntry> entry)
    {
        entry.ToTable("invoice_ledger");
        entry.HasKey(e => new { e.InvoiceId, e.No }).HasName("pk_invoice_ledger");
        entry.Property(e => e.InvoiceId).HasColumnName("invoice_id");
        entry.Property(e => e.No).HasColumnName("no").ValueGeneratedNever();
        entry.Property(e => e.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(30);
        entry.Property(e => e.Amount).HasColumnName("amount").HasPrecision(18, 2);
        entry.Property(e => e.BalanceAfter).HasColumnName("balance_after").HasPrecision(18, 2);
        entry.Property(e => e.StatusAfter).HasColumnName("status_after").HasConversion<string>().HasMaxLength(20);
        entry.Property(e => e.Note).HasColumnName("note").HasMaxLength(2000);
        entry.Property(e => e.By).HasColumnName("by").HasMaxLength(200);
        entry.Property(e => e.At).HasColumnName("at");
    }
}

public sealed class BillingClientEntityTypeConfiguration : IEntityTypeConfiguration<BillingClient>
{
    public void Configure(EntityTypeBuilder<BillingClient> client)
    {
        client.ToTable("clients");
        client.HasKey(c => c.CompanyId).HasName("pk_clients");
        client.Property(c => c.CompanyId).HasColumnName("company_id").ValueGeneratedNever();
        client.Property(c => c.Version).HasColumnName("version");
        client.ComplexProperty(c => c.Requisites, requisites => requisites.ToJson("requisites"));
        client.Property(c => c.Currency).HasColumnName("currency").HasMaxLength(3);
        client.Property(c => c.PaymentTermsDays).HasColumnName("payment_terms_days");
    }
}
