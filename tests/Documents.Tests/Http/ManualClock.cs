namespace Clearhours.Documents.Tests.Http;

/// <summary>A clock that stands still until a test moves it.</summary>
public sealed class ManualClock : TimeProvider
{
    /// <summary>A round instant (whole seconds, UTC), so nothing depends on how PostgreSQL rounds sub-microsecond ticks.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; } = Start;

    public override DateTimeOffset GetUtcNow() => Now;
}
