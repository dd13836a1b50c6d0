using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class WorkTypeEntityTypeConfiguration : IEntityTypeConfiguration<WorkType>
{
    public void Configure(EntityTypeBuilder<WorkType> workType)
    {
        workType.ToTable("work_types", t => t.HasCheckConstraint("ck_work_types_percent", "\"DefaultBillablePercent\" BETWEEN 0 AND 100"));
        workType.HasKey(w => w.Name);
        workType.Property(w => w.Name).HasMaxLength(100);
        workType.HasData(WorkType.Defaults);
    }
}

public sealed class WorkflowStatusEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowStatus>
{
    public void Configure(EntityTypeBuilder<WorkflowStatus> status)
    {
        status.ToTable("task_statuses");
        status.HasKey(s => s.Name);
        status.Property(s => s.Name).HasMaxLength(100);
        status.HasData(WorkflowStatus.Defaults);
    }
}
