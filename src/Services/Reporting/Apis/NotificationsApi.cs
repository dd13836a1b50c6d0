using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record NotificationPage(IReadOnlyList<Notification> Items, int Unread, int PageNumber, int PageSize);

public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/reports/notifications").WithTags("Notifications").RequireAuthorization(Policies.Manager);
        notifications.MapGet("/", List).WithName("ListNotifications");
        notifications.MapPost("/{id:guid}/read", MarkRead).WithName("MarkNotificationRead");
        notifications.MapPost("/read", MarkAllRead).WithName("MarkAllNotificationsRead");
    }

    /// <summary>Newest first, with how many are unread.</summary>
    public static async Task<Results<Ok<NotificationPage>, ValidationProblem>> List(
        ReportingDbContext db, bool? unreadOnly, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (page > ReportsApi.MaxPage)
        {
            return ReportsApi.PageTooFar();
        }

        var (number, size) = (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? 50, 1, 200));
        var query = db.Notifications.AsNoTracking();
        if (unreadOnly == true)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((number - 1) * size).Take(size).ToListAsync(cancellationToken);
        var unread = await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken);
        return TypedResults.Ok(new NotificationPage(items, unread, number, size));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(
        Guid id, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), cancellationToken);
        return found == 0
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Notification not found.")
            : TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkAllRead(ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Notifications.Where(n => n.ReadAt == null).ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }
}
