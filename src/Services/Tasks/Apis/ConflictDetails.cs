namespace Clearhours.Tasks.Apis;

/// <summary>How this service's 409s say what a request conflicts with.</summary>
internal static class ConflictDetails
{
    /// <summary>A model's reason ("the project's time is billed…") as the sentence of a problem's detail.</summary>
    public static string Sentence(string why) => $"{char.ToUpperInvariant(why[0])}{why[1..]}.";

    /// <summary>The problem's "conflict" member, e.g. the report that billed the time.</summary>
    public static Dictionary<string, object?> With(object conflict) => new() { ["conflict"] = conflict };
}
