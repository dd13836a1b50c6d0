namespace Clearhours.Web.Api;

/// <summary>A page of any list the APIs return (ServiceDefaults' Page&lt;T&gt;).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>Something a manager should hear about a report (Reporting's notifications): approved, changes requested, paid.</summary>
public sealed record Notification(Guid Id, Guid ReportId, string ReportNumber, string Kind, string Text,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool IsUnread => ReadAt is null;
}

public sealed record UnreadNotifications(int Count);
