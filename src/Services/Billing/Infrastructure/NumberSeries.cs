using Clearhours.Billing.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Billing.Infrastructure;

/// <summary>The last number handed out in a yearly series ("invoice" 2026 → 17).</summary>
public sealed class SeriesCounter
{
    public string Series { get; private set; } = "";

    public int Year { get; private set; }

    public int Last { get; private set; }
}

public static class NumberSeries
{
    /// <summary>
    /// The next number of <paramref name="series"/> in <paramref name="year"/>, taken inside the caller's transaction:
    /// the counter row stays locked until it commits, so concurrent issues queue and a rolled-back one returns its
    /// number. Gapless, unique, never reused.
    /// </summary>
    public static async Task<InvoiceNumber> NextAsync(this BillingDbContext db, string series, string format, int year, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A number is taken inside the transaction that uses it, or a rollback would leave a hole.");
        }

        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO number_series (series, year, last) VALUES ({series}, {year}, 1)
            ON CONFLICT (series, year) DO UPDATE SET last = number_series.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(cancellationToken);
        return InvoiceNumber.Format(format, year, next.Single());
    }
}

public sealed class SeriesCounterEntityTypeConfiguration : IEntityTypeConfiguration<SeriesCounter>
{
    public void Configure(EntityTypeBuilder<SeriesCounter> counter)
    {
        counter.ToTable("number_series");
        counter.HasKey(c => new { c.Series, c.Year }).HasName("pk_number_series");
        counter.Property(c => c.Series).HasColumnName("series").HasMaxLength(30);
        counter.Property(c => c.Year).HasColumnName("year");
        counter.Property(c => c.Last).HasColumnName("last");
    }
}
