using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.ReadModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Clearhours.Reporting.Infrastructure.EntityConfigurations;

public sealed class ClientCompanyEntityTypeConfiguration : IEntityTypeConfiguration<ClientCompany>
{
    public void Configure(EntityTypeBuilder<ClientCompany> company)
    {
        company.ToTable("rm_companies");
        company.HasKey(c => c.Id).HasName("pk_rm_companies");
        company.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        company.Property(c => c.Version).HasColumnName("version");
        company.Property(c => c.Name).HasColumnName("name");
        company.Property(c => c.LegalName).HasColumnName("legal_name");
        company.Property(c => c.ContactEmail).HasColumnName("contact_email");
        company.Property(c => c.Currency).HasColumnName("currency");
        company.Property(c => c.PaymentTermsDays).HasColumnName("payment_terms_days");
    }
}

public sealed class ClientProjectEntityTypeConfiguration : IEntityTypeConfiguration<ClientProject>
{
    public void Configure(EntityTypeBuilder<ClientProject> project)
    {
        project.ToTable("rm_projects");
        project.HasKey(p => p.Id).HasName("pk_rm_projects");
        project.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        project.Property(p => p.Version).HasColumnName("version");
        project.Property(p => p.CompanyId).HasColumnName("company_id");
        project.HasIndex(p => p.CompanyId).HasDatabaseName("ix_rm_projects_company_id");
        project.Property(p => p.Name).HasColumnName("name");
        project.Property(p => p.Currency).HasColumnName("currency");
        project.Property(p => p.Rates).HasColumnName("rates").HasColumnType("jsonb").HasConversion(Json.Converter<ProjectRate>(), Json.Comparer<ProjectRate>());
        project.Property(p => p.RoundingMode).HasColumnName("rounding_mode");
        project.Property(p => p.RoundingIncrementMinutes).HasColumnName("rounding_increment_minutes");
        project.Property(p => p.BillablePercents).HasColumnName("billable_percents").HasColumnType("jsonb")
            .HasConversion(Json.Converter<WorkTypeBillablePercent>(), Json.Comparer<WorkTypeBillablePercent>());
    }
}

public sealed class WorkTaskEntityTypeConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> task)
    {
        task.ToTable("rm_tasks");
        task.HasKey(t => t.Id).HasName("pk_rm_tasks");
        task.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        task.Property(t => t.Version).HasColumnName("version");
        task.Property(t => t.ProjectId).HasColumnName("project_id");
        task.Property(t => t.CompanyId).HasColumnName("company_id");
        task.Property(t => t.Title).HasColumnName("title");
        task.Property(t => t.WorkType).HasColumnName("work_type");
        task.Property(t => t.Status).HasColumnName("status");
        task.Property(t => t.BillablePercent).HasColumnName("billable_percent");
        task.Property(t => t.ExternalKey).HasColumnName("external_key");
        task.Property(t => t.ExternalUrl).HasColumnName("external_url");
    }
}

public sealed class TrackedTimeEntityTypeConfiguration : IEntityTypeConfiguration<TrackedTime>
{
    public void Configure(EntityTypeBuilder<TrackedTime> time)
    {
        time.ToTable("rm_time_entries");
        time.HasKey(t => t.Id).HasName("pk_rm_time_entries");
        time.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        time.Property(t => t.Version).HasColumnName("version");
        time.Property(t => t.TaskId).HasColumnName("task_id");
        time.Property(t => t.ProjectId).HasColumnName("project_id");
        time.Property(t => t.CompanyId).HasColumnName("company_id");
        time.Property(t => t.Person).HasColumnName("person");
        time.Property(t => t.WorkDate).HasColumnName("work_date");
        time.Property(t => t.Minutes).HasColumnName("minutes");
        time.Property(t => t.Comment).HasColumnName("comment");
        time.Property(t => t.Removed).HasColumnName("removed");
        // The preview reads one client's period: company and date first.
        time.HasIndex(t => new { t.CompanyId, t.WorkDate }).HasDatabaseName("ix_rm_time_entries_company_id_work_date");
        time.HasIndex(t => t.TaskId).HasDatabaseName("ix_rm_time_entries_task_id");
    }
}

/// <summary>
/// jsonb columns of immutable records (and lists of them). The change tracker compares them as records, not as JSON:
/// an unchanged value is the very instance it loaded, a changed one a new record (`with`) or a list with an element
/// added, replaced or removed, so the snapshot is the value itself, or a copy of the list. Serialising both sides on
/// every DetectChanges (and a deep copy through JSON at every load) was a fifth of Reporting's CPU in the payments bench.
/// </summary>
internal static class Json
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> ObjectConverter<T>() where T : class? => new(
        value => JsonSerializer.Serialize(value, JsonSerializerOptions.Web),
        json => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!);

    public static ValueComparer<T> ObjectComparer<T>() where T : class? => new(
        (a, b) => Equals(a, b),
        value => value == null ? 0 : value.GetHashCode(),
        value => value);

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<List<T>, string> Converter<T>() => new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Web),
        json => JsonSerializer.Deserialize<List<T>>(json, JsonSerializerOptions.Web) ?? new List<T>());

    public static ValueComparer<List<T>> Comparer<T>() => new(
        (a, b) => ReferenceEquals(a, b) || a != null && b != null && a.SequenceEqual(b),
        list => list.Aggregate(list.Count, (hash, item) => HashCode.Combine(hash, item)),
        list => list.ToList());
}
