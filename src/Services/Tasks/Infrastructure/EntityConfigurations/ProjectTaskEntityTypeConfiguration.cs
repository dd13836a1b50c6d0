using Clearhours.Tasks.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Tasks.Infrastructure.EntityConfigurations;

public sealed class ProjectTaskEntityTypeConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> task)
    {
        task.ToTable("tasks");
        task.HasKey(t => t.Id);
        task.Property(t => t.Id).ValueGeneratedNever();
        task.Property(t => t.ExternalId).HasMaxLength(200);
        task.HasIndex(t => t.ExternalId).IsUnique();
        task.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
        task.HasOne<WorkType>().WithMany().HasForeignKey(t => t.WorkType).OnDelete(DeleteBehavior.Restrict);
        task.HasOne<WorkflowStatus>().WithMany().HasForeignKey(t => t.Status).OnDelete(DeleteBehavior.Restrict);
        task.HasIndex(t => new { t.ProjectId, t.Status });
        task.Property(t => t.Title).HasMaxLength(1000);
        task.Property(t => t.Assignee).HasMaxLength(200);
        task.Property(t => t.ExternalKey).HasMaxLength(100);
        task.Property(t => t.ExternalUrl).HasMaxLength(2000);
        task.Property(t => t.BillingState).HasConversion<string>().HasMaxLength(20);
        task.Property(t => t.Version).IsConcurrencyToken();
        task.ToTable(t => t.HasCheckConstraint("ck_tasks_billable_percent", "\"BillablePercent\" BETWEEN 0 AND 100"));
        task.Ignore(t => t.Details);
    }
}
