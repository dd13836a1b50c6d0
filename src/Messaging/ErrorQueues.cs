using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Clearhours.Messaging;

public sealed class ErrorQueueOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the health check reuses the depths it read: orchestrators probe health every few seconds.</summary>
    public TimeSpan HealthCacheFor { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The receive queues of this service, as MassTransit configured them; each may have an "_error" twin.</summary>
public sealed class ServiceQueues
{
    private readonly ConcurrentDictionary<string, bool> _names = new();

    public void Add(string queue) => _names.TryAdd(queue, true);

    public IReadOnlyCollection<string> Names => [.. _names.Keys.Order()];
}

/// <summary>What MassTransit moved to an error queue: how many are waiting, and putting them back.</summary>
public static class ErrorQueues
{
    public static string ErrorQueueOf(string queue) => $"{queue}_error";

    /// <summary>Messages waiting in each queue's error queue (0 when it was never created).</summary>
    public static async Task<IReadOnlyDictionary<string, uint>> DepthsAsync(
        BrokerAddress broker, IEnumerable<string> queues, CancellationToken cancellationToken = default)
    {
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync(cancellationToken);
        var depths = new Dictionary<string, uint>();
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes the channel, hence one per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                depths[queue] = (await channel.QueueDeclarePassiveAsync(ErrorQueueOf(queue), cancellationToken)).MessageCount;
            }
            catch (OperationInterruptedException error) when (error.ShutdownReason?.ReplyCode == 404)
            {
                depths[queue] = 0;
            }
        }

        return depths;
    }

    /// <summary>
    /// Moves every message of <c>{queue}_error</c> back to <paramref name="queue"/>, each acknowledged only after the
    /// broker confirmed its copy, with a fresh redelivery schedule. Run it once the cause is fixed; see docs/decisions/0001.
    /// </summary>
    /// <returns>How many messages went back.</returns>
    public static async Task<int> MoveBackAsync(BrokerAddress broker, string queue, CancellationToken cancellationToken = default)
    {
        await using var connection = await broker.CreateConnectionFactory().CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var moved = 0;
        while (await channel.BasicGetAsync(ErrorQueueOf(queue), autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            properties.Headers?.Remove("MT-Redelivery-Count");
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }
}

/// <summary>
/// Polls the depth of this service's error queues for the metric clearhours.messaging.error_queue.depth
/// (one series per queue) and the health check, which reports Degraded while any holds a message.
/// </summary>
public sealed class ErrorQueueMonitor(
    BrokerAddress broker, ServiceQueues queues, IOptions<ErrorQueueOptions> options, ILogger<ErrorQueueMonitor> logger)
    : BackgroundService, IHealthCheck
{
    private static readonly ConcurrentDictionary<string, uint> Depths = new();

    private (DateTime At, IReadOnlyDictionary<string, uint> Depths)? _last;

    static ErrorQueueMonitor() => MessagingMetrics.Meter.CreateObservableGauge(
        "clearhours.messaging.error_queue.depth",
        () => Depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("messaging.destination.name", d.Key))),
        unit: "{message}", description: "Messages waiting in a service's error queue.");

    public async Task<IReadOnlyDictionary<string, uint>> RefreshAsync(CancellationToken cancellationToken)
    {
        var depths = await ErrorQueues.DepthsAsync(broker, queues.Names, cancellationToken);
        foreach (var (queue, depth) in depths)
        {
            Depths[ErrorQueues.ErrorQueueOf(queue)] = depth;
        }

        _last = (DateTime.UtcNow, depths);
        return depths;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depths = _last is { } last && DateTime.UtcNow - last.At < options.Value.HealthCacheFor
            ? last.Depths
            : await RefreshAsync(cancellationToken);
        var waiting = depths.Where(d => d.Value > 0).ToList();
        return waiting.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(
                $"Messages in error queues: {string.Join(", ", waiting.Select(w => $"{ErrorQueues.ErrorQueueOf(w.Key)} {w.Value}"))}.",
                data: waiting.ToDictionary(w => ErrorQueues.ErrorQueueOf(w.Key), w => (object)w.Value));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(error, "Reading the error queues' depth failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
