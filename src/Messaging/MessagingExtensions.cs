using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Clearhours.Messaging;

public sealed class MessagingOptions
{
    private static readonly TimeSpan[] DefaultRetryIntervals =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    /// <summary>
    /// Delays between immediate retries of a failing consumer; after the last one the message goes to the error queue.
    /// Empty means the defaults (an initialised array would have the configured values appended to it by the binder).
    /// </summary>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    public TimeSpan[] EffectiveRetryIntervals => RetryIntervals.Length > 0 ? RetryIntervals : DefaultRetryIntervals;

    private static readonly TimeSpan[] DefaultRedeliveryIntervals =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15),
    ];

    /// <summary>
    /// Delays before the message is delivered again once the immediate retries are spent: 33 minutes in all by default,
    /// so a database or broker outage (or an event that arrived before the one it follows) does not park it.
    /// </summary>
    public TimeSpan[] RedeliveryIntervals { get; set; } = [];

    public TimeSpan[] EffectiveRedeliveryIntervals => RedeliveryIntervals.Length > 0 ? RedeliveryIntervals : DefaultRedeliveryIntervals;
}

public static class MessagingExtensions
{
    public const string BrokerConnectionName = "messaging";

    /// <summary>
    /// MassTransit over RabbitMQ with the service's own queue prefix, retries then the error queue,
    /// and the outbox relay for <typeparamref name="TDbContext"/>.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(BrokerConnectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{BrokerConnectionName} is not set; run the service through the AppHost or set it.");

        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection("Messaging"));
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Messaging:Outbox"));
        builder.Services.Configure<InboxOptions>(builder.Configuration.GetSection("Messaging:Inbox"));
        builder.Services.Configure<ErrorQueueOptions>(builder.Configuration.GetSection("Messaging:ErrorQueues"));
        builder.Services.Configure<GaugeOptions>(builder.Configuration.GetSection("Messaging:Gauges"));
        builder.Services.TryAddSingleton<ServiceQueues>();
        builder.Services.TryAddSingleton<ErrorQueueMonitor>();
        builder.Services.TryAddOutboxSignal();
        builder.Services.TryAddSingleton(TimeProvider.System);
        var broker = BrokerAddress.Parse(connectionString);
        builder.Services.TryAddSingleton(broker);
        builder.Services.TryAddSingleton(services => new DelayQueues(
            broker, services.GetRequiredService<IOptions<MessagingOptions>>().Value.EffectiveRedeliveryIntervals));
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // The service listens without waiting for the broker: the bus connects (and reconnects) in the background,
            // /health says Unhealthy until it has, and the relay publishes only once it has.
            options.WaitUntilStarted = false;
        });

        builder.Services.AddMassTransit(bus =>
        {
            // Without a per-service prefix two services' consumers of one event would share a queue.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            consumers?.Invoke(bus);
            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                context.GetRequiredService<ServiceQueues>().Add(name);
                var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
                // Outermost first: the delay queues' scheduler, then the delayed redelivery, then the immediate retries.
                endpoint.AddPrePipeSpecification(new DelayQueueSchedulerFilter(context.GetRequiredService<DelayQueues>()));
                endpoint.UseScheduledRedelivery(redelivery =>
                    redelivery.Intervals(options.EffectiveRedeliveryIntervals).Ignore<MessageRefusedException>());
                endpoint.UseMessageRetry(retry => retry.Intervals(options.EffectiveRetryIntervals).Ignore<MessageRefusedException>());
                endpoint.UseConsumeFilter(typeof(TraceTagsFilter<>), context);
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                    if (broker.UseTls)
                    {
                        host.UseSsl(ssl => ssl.ServerName = broker.Host);
                    }
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        // Hosted services start in order and stop in reverse: the relay starts once the bus is up and stops before it.
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        builder.Services.AddHostedService<InboxPruner<TDbContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ErrorQueueMonitor>());
        builder.Services.AddHostedService<OutboxMonitor<TDbContext>>();
        builder.Services.AddHealthChecks()
            .AddCheck<OutboxBacklogHealthCheck<TDbContext>>("outbox-backlog", tags: ["ready"])
            .AddCheck<OutboxParkedHealthCheck<TDbContext>>("outbox-parked", tags: ["ready"])
            .AddCheck<ErrorQueueMonitor>("error-queues", tags: ["ready"]);
        return builder;
    }

    /// <summary>The relay's wake-up call, registered once whether the database or the messaging is added first.</summary>
    public static void TryAddOutboxSignal(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(OutboxSignal)))
        {
            return;
        }

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
    }
}
