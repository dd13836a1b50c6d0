namespace Clearhours.Tasks.Model;

public static class BillingStates
{
    /// <summary>
    /// Moves each task to the state its entries add up to (see <see cref="ProjectTask.BillingStateOf"/>); returns the
    /// tasks whose state changed, so the caller can announce them.
    /// </summary>
    public static IReadOnlyList<ProjectTask> Refresh(
        IEnumerable<ProjectTask> tasks, ILookup<Guid, TimeEntryBillingState> entryStates, DateTimeOffset now) =>
        [.. tasks.Where(task => task.SetBillingState(ProjectTask.BillingStateOf([.. entryStates[task.Id]]), now))];
}
