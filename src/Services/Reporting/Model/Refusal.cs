namespace Clearhours.Reporting.Model;

public enum RefusalKind
{
    /// <summary>The input breaks a rule: Errors names the fields.</summary>
    Invalid,

    /// <summary>Something the request names is not known here.</summary>
    NotFound,

    /// <summary>The data as it stands does not allow it (yet).</summary>
    Conflict,
}

/// <summary>Why a rule said no, in words a caller can act on; the API turns it into the matching problem.</summary>
public sealed record Refusal(RefusalKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors) => new(RefusalKind.Invalid, "Invalid input.", Errors: errors);

    public static Refusal Conflict(string title, string detail) => new(RefusalKind.Conflict, title, detail);
}
