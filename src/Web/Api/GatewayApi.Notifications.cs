namespace Clearhours.Web.Api;

public sealed partial class GatewayApi
{
    private const string NotificationsPath = "api/reports/notifications";

    public Task<ApiResult<UnreadNotifications>> UnreadNotificationsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<UnreadNotifications>($"{NotificationsPath}/unread", cancellationToken);

    public Task<ApiResult<Page<Notification>>> NotificationsAsync(int page, int size, CancellationToken cancellationToken = default) =>
        GetAsync<Page<Notification>>($"{NotificationsPath}?page={page}&pageSize={size}", cancellationToken);

    public Task<ApiResult<Empty>> MarkNotificationReadAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<Empty>(HttpMethod.Post, $"{NotificationsPath}/{id}/read", null, cancellationToken);

    public Task<ApiResult<Empty>> MarkAllNotificationsReadAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Empty>(HttpMethod.Post, $"{NotificationsPath}/read", null, cancellationToken);
}
