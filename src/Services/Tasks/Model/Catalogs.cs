namespace Clearhours.Tasks.Model;

/// <summary>A kind of work; its default billable percent applies to new tasks unless the project sets one.</summary>
public sealed class WorkType
{
    public static readonly WorkType[] Defaults =
    [
        new() { Name = "Development", DefaultBillablePercent = 100 },
        new() { Name = "Design", DefaultBillablePercent = 100 },
        new() { Name = "Bug fixing", DefaultBillablePercent = 0 },
        new() { Name = "Internal", DefaultBillablePercent = 0 },
    ];

    public required string Name { get; init; }
    public int DefaultBillablePercent { get; set; }
}

/// <summary>A step of a task's workflow.</summary>
public sealed class WorkflowStatus
{
    public static readonly WorkflowStatus[] Defaults =
    [
        new() { Name = "Open", Position = 1 },
        new() { Name = "In progress", Position = 2 },
        new() { Name = "Done", Position = 3 },
        new() { Name = "Closed", Position = 4 },
    ];

    public required string Name { get; init; }
    public int Position { get; set; }
}
