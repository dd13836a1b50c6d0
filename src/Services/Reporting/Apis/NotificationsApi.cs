using Clearhours.Reporting.Infrastructure;
using Clearhours.Reporting.Model;
using Clearhours.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Clearhours.Reporting.Apis;

public sealed record UnreadNotifications(int Count);

public static class NotificationsApi
{
    public static void MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/reports/notifications").WithTags("Notifications").RequireAuthorization(Policies.Manager);
        notifications.MapGet("/", List).WithName("ListNotifications").WithSummary("The manager's notifications, newest first");
        notifications.MapGet("/unread", Unread).WithName("CountUnreadNotifications").WithSummary("How many notifications are unread");
        notifications.MapPost("/{id:guid}/read", MarkRead).WithName("MarkNotificationRead").WithSummary("Mark one notification read");
        notifications.MapPost("/read", MarkAllRead).WithName("MarkAllNotificationsRead").WithSummary("Mark every notification read");
    }

    public static async Task<Results<Ok<Page<Notification>>, ValidationProblem>> List(
        ReportingDbContext db, bool? unreadOnly, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        if (paging.Check(new FieldErrors()) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        var query = db.Notifications.AsNoTracking();
        if (unreadOnly == true)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(paging.ToPage(items, total));
    }

    public static async Task<Ok<UnreadNotifications>> Unread(ReportingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadNotifications(await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken)));

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> MarkRead(
        Guid id, ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await db.Notifications.Where(n => n.Id == id).ExecuteUpdateAsync(
            set => set.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), cancellationToken);
        return found == 0 ? Problems.NotFound("Notification not found.") : TypedResults.NoContent();
    }

    public static async Task<NoContent> MarkAllRead(ReportingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Notifications.Where(n => n.ReadAt == null).ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }
}
