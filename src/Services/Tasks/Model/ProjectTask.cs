namespace Clearhours.Tasks.Model;

public enum BillingState
{
    Unbilled,
    InReport,
    PartlyPaid,
    Paid,

    /// <summary>All its time was settled as not billable (0 %) by paid reports.</summary>
    NotBillable,
}

/// <summary>A task of a project, as the planner knows it (its key and link), and how much of its time is billable.</summary>
public sealed class ProjectTask
{
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string? ExternalId { get; private set; }
    public Guid ProjectId { get; private set; }
    public string Title { get; private set; } = "";
    public string WorkType { get; private set; } = "";
    public string Status { get; private set; } = "";
    public int BillablePercent { get; private set; }
    public string? Assignee { get; private set; }
    public DateOnly? CompletedOn { get; private set; }
    public string? ExternalKey { get; private set; }
    public string? ExternalUrl { get; private set; }
    public BillingState BillingState { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static ProjectTask Create(string? externalId) => new() { ExternalId = externalId };

    public TaskDetails Details => new(ProjectId, Title, WorkType, Status, BillablePercent, Assignee, CompletedOn, ExternalKey, ExternalUrl);

    public bool Update(TaskDetails details, DateTimeOffset now)
    {
        if (Version > 0 && details == Details)
        {
            return false;
        }

        (ProjectId, Title, WorkType, Status, BillablePercent, Assignee, CompletedOn, ExternalKey, ExternalUrl) = details;
        Touch(now);
        return true;
    }

    /// <summary>
    /// The billable percent of a task of <paramref name="workType"/>: as given, else the current one while the work type
    /// stays, else the project's for the work type (<paramref name="projectPercent"/>), else the work type's default.
    /// </summary>
    public static int BillablePercentOf(int? given, ProjectTask? current, WorkType workType, int? projectPercent) =>
        given
        ?? (current is not null && current.WorkType == workType.Name ? current.BillablePercent : (int?)null)
        ?? projectPercent
        ?? workType.DefaultBillablePercent;

    /// <summary>
    /// Why the task cannot take these details while some of its time is in report <paramref name="billedIn"/>:
    /// billed time stays in its project. Null when it can.
    /// </summary>
    public string? WhyRefused(TaskDetails details, string? billedIn) =>
        billedIn is not null && Version > 0 && details.ProjectId != ProjectId
            ? $"the task's time is billed in report {billedIn}; it cannot move to another project"
            : null;

    /// <summary>Its project moved to another company: a new version, so the move reaches the read models.</summary>
    public void MovedWithProject(DateTimeOffset now) => Touch(now);

    public bool SetBillingState(BillingState state, DateTimeOffset now)
    {
        if (state == BillingState)
        {
            return false;
        }

        BillingState = state;
        Touch(now);
        return true;
    }

    /// <summary>
    /// The states that new unbilled time changes (see <see cref="BillingStateOf"/>): a paid task becomes partly paid,
    /// a not billable one unbilled. In any other state the task stays as it is, so it need not be worked out again.
    /// </summary>
    public static IReadOnlyList<BillingState> StatesNewTimeChanges { get; } = [BillingState.Paid, BillingState.NotBillable];

    /// <summary>The task's state from its entries' states; time settled as not billable counts only when it is all there is.</summary>
    public static BillingState BillingStateOf(IReadOnlyCollection<TimeEntryBillingState> all)
    {
        var entries = all.Where(e => e != TimeEntryBillingState.NotBillable).ToList();
        return entries.Count == 0 && all.Count > 0 ? BillingState.NotBillable : BillableStateOf(entries);
    }

    private static BillingState BillableStateOf(IReadOnlyCollection<TimeEntryBillingState> entries) =>
        entries.Count == 0 || entries.All(e => e == TimeEntryBillingState.Unbilled) ? BillingState.Unbilled
        : entries.All(e => e == TimeEntryBillingState.Paid) ? BillingState.Paid
        : entries.Any(e => e == TimeEntryBillingState.Paid) ? BillingState.PartlyPaid
        : BillingState.InReport;

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

public sealed record TaskDetails(
    Guid ProjectId, string Title, string WorkType, string Status, int BillablePercent, string? Assignee,
    DateOnly? CompletedOn, string? ExternalKey, string? ExternalUrl);
