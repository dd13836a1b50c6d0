namespace Clearhours.Web.Api;

/// <summary>A page of any list the APIs return (ServiceDefaults' Page&lt;T&gt;).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>
/// Something a manager should hear about a report (Reporting's notifications): approved, changes requested, paid. Text
/// is Reporting's English sentence; the facts after ReadAt let the screen say it in the manager's language.
/// </summary>
public sealed record Notification(Guid Id, Guid ReportId, string ReportNumber, string Kind, string Text,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string? Who = null, string? Comment = null, string? InvoiceNumber = null,
    decimal? Amount = null, decimal? Balance = null, string? Currency = null, int? Count = null)
{
    public bool IsUnread => ReadAt is null;
}

public sealed record UnreadNotifications(int Count);
