using Clearhours.Contracts.Tasks;
using Clearhours.Pricing;
using Clearhours.ServiceDefaults.Api;

namespace Clearhours.Tasks.Apis;

/// <summary>The filters the lists share: text search and billable percent ranges.</summary>
public static class ListFilters
{
    public static FieldErrors CheckPercentRange(this FieldErrors errors, int? min, int? max)
    {
        foreach (var (field, message) in BillingRules.PercentRangeErrors(min, max))
        {
            errors.Add(field, message);
        }

        return errors;
    }

    /// <summary>An ILIKE pattern that finds <paramref name="text"/> anywhere, its % and _ taken literally (a backslash escapes).</summary>
    public static string ContainsPattern(string text) =>
        $"%{text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
}
