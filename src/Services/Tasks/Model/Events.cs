using Clearhours.Contracts.Tasks;

namespace Clearhours.Tasks.Model;

/// <summary>The events that carry this service's facts to Reporting: full snapshots with their version.</summary>
public static class Events
{
    public static CompanyChanged Changed(Company c) => new(
        c.Id, c.Version, c.Name, c.LegalName, c.TaxId, c.Address,
        c.BankName is null && c.BankAccount is null && c.BankBic is null ? null : new BankDetails(c.BankName, c.BankAccount, c.BankBic),
        c.ContactEmail, c.Currency, c.PaymentTermsDays, c.UpdatedAt);

    public static ProjectChanged Changed(Project p) => new(
        p.Id, p.Version, p.CompanyId, p.Name, p.Currency,
        [.. p.Rates.OrderBy(r => r.EffectiveFrom).Select(r => new ProjectRate(r.WorkType, r.Person, r.HourlyRate, r.EffectiveFrom))],
        new RoundingRule(p.RoundingMode.ToString(), p.RoundingIncrementMinutes),
        [.. p.BillablePercents.Select(b => new WorkTypeBillablePercent(b.WorkType, b.Percent))],
        p.UpdatedAt);

    public static TaskChanged Changed(ProjectTask t, Guid companyId) => new(
        t.Id, t.Version, t.ProjectId, companyId, t.Title, t.WorkType, t.Status, t.BillablePercent, t.Assignee, t.CompletedOn,
        t.ExternalKey, t.ExternalUrl, t.BillingState.ToString(), t.UpdatedAt);

    public static TimeEntryRecorded Recorded(TimeEntry e, Guid projectId, Guid companyId) => new(
        e.Id, e.Version, e.TaskId, projectId, companyId, e.Person, e.WorkDate, e.Minutes, e.Comment, e.ExternalId, e.UpdatedAt);

    public static TimeEntryChanged Changed(TimeEntry e, Guid projectId, Guid companyId) => new(
        e.Id, e.Version, e.TaskId, projectId, companyId, e.Person, e.WorkDate, e.Minutes, e.Comment, e.ExternalId, e.UpdatedAt);

    public static TimeEntryRemoved Removed(TimeEntry e) => new(e.Id, e.Version, e.TaskId, e.UpdatedAt);
}
