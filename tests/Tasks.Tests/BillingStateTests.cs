using Clearhours.Tasks.Model;

namespace Clearhours.Tasks.Tests;

/// <summary>The task's billing state from its entries' states, and which states new unbilled time changes.</summary>
public sealed class BillingStateTests
{
    [Fact]
    public void New_unbilled_time_changes_exactly_the_states_StatesNewTimeChanges_names()
    {
        // Every mix of up to four entries: what adding one unbilled entry does to the task's state.
        var states = Enum.GetValues<TimeEntryBillingState>();
        var mixes = new List<TimeEntryBillingState[]> { Array.Empty<TimeEntryBillingState>() };
        for (var size = 1; size <= 4; size++)
        {
            mixes.AddRange(mixes.Where(m => m.Length == size - 1).SelectMany(m => states.Select(s => (TimeEntryBillingState[])[.. m, s])).ToList());
        }

        foreach (var mix in mixes)
        {
            var before = ProjectTask.BillingStateOf(mix);
            var after = ProjectTask.BillingStateOf([.. mix, TimeEntryBillingState.Unbilled]);
            Assert.True(before != after == ProjectTask.StatesNewTimeChanges.Contains(before),
                $"[{string.Join(", ", mix)}]: {before} became {after}");
        }
    }
}
