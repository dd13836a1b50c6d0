using System.Text.Json;
using Clearhours.Contracts.Tasks;
using Clearhours.Reporting.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Consumers;

// Each event is a full snapshot with a version: one upsert that only a newer version may overwrite. That single
// statement is atomic, so two deliveries racing each other, a redelivery or an older event arriving late all end
// with the newest snapshot.

public sealed class CompanyChangedConsumer(ReportingDbContext db) : IConsumer<CompanyChanged>
{
    public async Task Consume(ConsumeContext<CompanyChanged> context)
    {
        var c = context.Message;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rm_companies (id, version, name, legal_name, contact_email, currency, payment_terms_days)
            VALUES ({c.CompanyId}, {c.Version}, {c.Name}, {c.LegalName}, {c.ContactEmail}, {c.Currency}, {c.PaymentTermsDays})
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, name = excluded.name, legal_name = excluded.legal_name,
                contact_email = excluded.contact_email, currency = excluded.currency, payment_terms_days = excluded.payment_terms_days
            WHERE rm_companies.version < excluded.version
            """, context.CancellationToken);
    }
}

public sealed class ProjectChangedConsumer(ReportingDbContext db) : IConsumer<ProjectChanged>
{
    public async Task Consume(ConsumeContext<ProjectChanged> context)
    {
        var p = context.Message;
        var rates = JsonSerializer.Serialize(p.Rates, JsonSerializerOptions.Web);
        var percents = JsonSerializer.Serialize(p.BillablePercents, JsonSerializerOptions.Web);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rm_projects (id, version, company_id, name, currency, rates, rounding_mode, rounding_increment_minutes, billable_percents)
            VALUES ({p.ProjectId}, {p.Version}, {p.CompanyId}, {p.Name}, {p.Currency}, {rates}::jsonb, {p.Rounding.Mode},
                    {p.Rounding.IncrementMinutes}, {percents}::jsonb)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, company_id = excluded.company_id, name = excluded.name, currency = excluded.currency,
                rates = excluded.rates, rounding_mode = excluded.rounding_mode,
                rounding_increment_minutes = excluded.rounding_increment_minutes, billable_percents = excluded.billable_percents
            WHERE rm_projects.version < excluded.version
            """, context.CancellationToken);
    }
}

public sealed class TaskChangedConsumer(ReportingDbContext db) : IConsumer<TaskChanged>
{
    public async Task Consume(ConsumeContext<TaskChanged> context)
    {
        var t = context.Message;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rm_tasks (id, version, project_id, company_id, title, work_type, status, billable_percent, external_key, external_url)
            VALUES ({t.TaskId}, {t.Version}, {t.ProjectId}, {t.CompanyId}, {t.Title}, {t.WorkType}, {t.Status}, {t.BillablePercent},
                    {t.ExternalKey}, {t.ExternalUrl})
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, project_id = excluded.project_id, company_id = excluded.company_id, title = excluded.title,
                work_type = excluded.work_type, status = excluded.status, billable_percent = excluded.billable_percent,
                external_key = excluded.external_key, external_url = excluded.external_url
            WHERE rm_tasks.version < excluded.version
            """, context.CancellationToken);
    }
}

public sealed class TimeEntryRecordedConsumer(ReportingDbContext db) : IConsumer<TimeEntryRecorded>
{
    public Task Consume(ConsumeContext<TimeEntryRecorded> context)
    {
        var e = context.Message;
        return TrackedTimeRows.UpsertAsync(db, e.TimeEntryId, e.Version, e.TaskId, e.ProjectId, e.CompanyId, e.Person, e.WorkDate,
            e.Minutes, e.Comment, context.CancellationToken);
    }
}

public sealed class TimeEntryChangedConsumer(ReportingDbContext db) : IConsumer<TimeEntryChanged>
{
    public Task Consume(ConsumeContext<TimeEntryChanged> context)
    {
        var e = context.Message;
        return TrackedTimeRows.UpsertAsync(db, e.TimeEntryId, e.Version, e.TaskId, e.ProjectId, e.CompanyId, e.Person, e.WorkDate,
            e.Minutes, e.Comment, context.CancellationToken);
    }
}

public sealed class TimeEntryRemovedConsumer(ReportingDbContext db) : IConsumer<TimeEntryRemoved>
{
    public async Task Consume(ConsumeContext<TimeEntryRemoved> context)
    {
        var e = context.Message;
        // A removal that overtook the entry's own recording still leaves a tombstone at its version.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rm_time_entries (id, version, task_id, project_id, company_id, person, work_date, minutes, comment, removed)
            VALUES ({e.TimeEntryId}, {e.Version}, {e.TaskId}, {Guid.Empty}, {Guid.Empty}, '', {DateOnly.MinValue}, 0, NULL, TRUE)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, removed = TRUE
            WHERE rm_time_entries.version < excluded.version
            """, context.CancellationToken);
    }
}

internal static class TrackedTimeRows
{
    public static Task UpsertAsync(
        ReportingDbContext db, Guid id, long version, Guid taskId, Guid projectId, Guid companyId, string person, DateOnly workDate,
        int minutes, string? comment, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO rm_time_entries (id, version, task_id, project_id, company_id, person, work_date, minutes, comment, removed)
            VALUES ({id}, {version}, {taskId}, {projectId}, {companyId}, {person}, {workDate}, {minutes}, {comment}, FALSE)
            ON CONFLICT (id) DO UPDATE SET
                version = excluded.version, task_id = excluded.task_id, project_id = excluded.project_id,
                company_id = excluded.company_id, person = excluded.person, work_date = excluded.work_date,
                minutes = excluded.minutes, comment = excluded.comment, removed = FALSE
            WHERE rm_time_entries.version < excluded.version
            """, cancellationToken);
}
