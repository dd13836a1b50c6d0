using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class TimeEntryEntityTypeConfiguration : IEntityTypeConfiguration<TimeEntry>
{
    public void Configure(EntityTypeBuilder<TimeEntry> entry)
    {
        entry.ToTable("time_entries", t => t.HasCheckConstraint("ck_time_entries_minutes", "\"Minutes\" BETWEEN 1 AND 1440"));
        // An entry's row is rewritten twice after it is recorded: locked by a report (ReportId, an indexed column, changes)
        // and settled when the report is paid (no indexed column changes). Room left on each page lets the second stay on
        // its page without an entry in every index (a HOT update): a paid report's 600 entries in 7-8 ms instead of 12-18
        // (bench/README.md, Payments).
        entry.HasStorageParameter("fillfactor", 70);
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.ExternalId).HasMaxLength(200);
        entry.HasIndex(e => e.ExternalId).IsUnique();
        entry.HasOne<ProjectTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Restrict);
        entry.HasIndex(e => new { e.TaskId, e.WorkDate });
        entry.HasIndex(e => new { e.WorkDate, e.Id });
        entry.HasIndex(e => e.ReportId);
        entry.Property(e => e.Person).HasMaxLength(200);
        entry.Property(e => e.Comment).HasMaxLength(4000);
        entry.Property(e => e.ReportNumber).HasMaxLength(50);
        entry.Property(e => e.Version).IsConcurrencyToken();
        entry.Ignore(e => e.Details);
        entry.Ignore(e => e.BillingState);
        entry.Ignore(e => e.WhyLocked);
    }
}
