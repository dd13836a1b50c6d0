using Clearhours.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Clearhours.Messaging.Tests;

/// <summary>The outbox backlog as an operator sees it: its gauges and the Degraded rule of /health.</summary>
public sealed class OutboxBacklogTests(ServersFixture servers) : IClassFixture<ServersFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<TestService> _started = [];
    private string _broker = "";

    public async Task InitializeAsync() => _broker = await servers.CreateVirtualHostAsync("backlog");

    public async Task DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_fresh_backlog_is_Healthy_and_a_row_waiting_over_a_minute_makes_the_service_Degraded_and_shows_in_the_gauges()
    {
        var writer = await Start("writer", new Dictionary<string, string?> { ["Messaging:Outbox:RelayEnabled"] = "false" });
        using var metrics = new MetricCapture(MessagingMetrics.MeterName);
        var health = writer.Services.GetRequiredService<HealthCheckService>();

        await writer.WriteNoteAsync("just written");
        var fresh = await health.CheckHealthAsync();

        // As if the relay had not reached the broker for two minutes.
        await writer.WithDbAsync(async db =>
        {
            db.Set<OutboxMessage>().Add(OutboxMessage.From(new NoteWritten(Guid.NewGuid(), "waiting"), DateTimeOffset.UtcNow.AddMinutes(-2)));
            await db.SaveChangesAsync();
        });
        var old = await health.CheckHealthAsync();
        await Monitor(writer).PollNowAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, fresh.Entries["outbox-backlog"].Status);
        Assert.Equal(HealthStatus.Degraded, old.Entries["outbox-backlog"].Status);
        Assert.Equal(HealthStatus.Degraded, old.Status);
        Assert.Contains("2 outbox message(s) not published", old.Entries["outbox-backlog"].Description);
        var database = await writer.WithDbAsync(db => Task.FromResult(OutboxReading.DatabaseOf(db)));
        Assert.Equal(2, Gauge(metrics, "clearhours.outbox.backlog", database));
        Assert.InRange(Gauge(metrics, "clearhours.outbox.backlog.age", database), 120, 180);
        Assert.Equal(0, Gauge(metrics, "clearhours.outbox.parked.count", database));
    }

    [Fact]
    public async Task A_row_no_queue_is_bound_for_is_no_backlog_however_long_it_waits()
    {
        // Nobody consumes NoteWritten in this virtual host: the broker returns it, as it does Reporting's ReportSent.
        var writer = await Start("writer");
        using var metrics = new MetricCapture(MessagingMetrics.MeterName);
        await writer.WriteNoteAsync("nobody listens");
        await WaitUntilAsync(() => writer.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.Unroutable)));
        await writer.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE outbox_messages SET created_at = now() - interval '10 minutes'"));

        var health = await writer.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await Monitor(writer).PollNowAsync(CancellationToken.None);

        Assert.Equal(1, await writer.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Equal(HealthStatus.Healthy, health.Entries["outbox-backlog"].Status);
        var database = await writer.WithDbAsync(db => Task.FromResult(OutboxReading.DatabaseOf(db)));
        Assert.Equal((0d, 0d), (Gauge(metrics, "clearhours.outbox.backlog", database), Gauge(metrics, "clearhours.outbox.backlog.age", database)));
    }

    private static OutboxMonitor<TestDbContext> Monitor(TestService service) =>
        service.Services.GetServices<IHostedService>().OfType<OutboxMonitor<TestDbContext>>().Single();

    private static double Gauge(MetricCapture metrics, string name, string database) =>
        Assert.Single(metrics.Observe(name), m => m.Tag("db.namespace") == database).Value;

    private async Task<TestService> Start(string name, IDictionary<string, string?>? settings = null)
    {
        var service = await TestService.StartAsync(name, await servers.CreateDatabaseAsync(name), _broker, settings: settings);
        _started.Add(service);
        return service;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(100);
        }
    }
}
