namespace Clearhours.ServiceDefaults.Api;

public static class Text
{
    /// <summary>The value trimmed, or null when it is empty or only spaces: an optional text field as stored.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
