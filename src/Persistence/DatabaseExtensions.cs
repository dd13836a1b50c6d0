using System.Diagnostics;
using Clearhours.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearhours.Persistence;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on PostgreSQL with the outbox signal, and a health check for it.
    /// The connection string comes from ConnectionStrings:{connectionName}.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(
        this IHostApplicationBuilder builder, string connectionName)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set; run the service through the AppHost or set it.");

        // Commands outside any request or message (the relay's polling, start-up) would each be a root trace
        // on the dashboard, burying the business flows; only commands within a flow are traced.
        var dataSource = new NpgsqlDataSourceBuilder(ServiceConnectionString(connectionString))
            .ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null))
            .Build();
        builder.Services.AddKeyedSingleton(connectionName, dataSource);

        builder.Services.TryAddOutboxSignal();
        // Pooled: every message and request takes a context, and a new one resolves a few dozen of EF's services and
        // builds its connection and state manager first: a sixth of the samples under Billing's payment consumer
        // (dotnet-trace, bench/README.md, Payments). The contexts hold no state of their own; the interceptors are singletons.
        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            .UseNpgsql(dataSource)
            // A failed save is the caller's to report: most are handled (a 409, a duplicate payment, a retried race),
            // and an unhandled one is logged where it is caught. EF's own Error line, with the whole stack, for each
            // handled one only buried the real errors (and cost more than the save).
            .ConfigureWarnings(warnings => warnings.Log(
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug)))
            .AddInterceptors(services.GetRequiredService<OutboxSignalInterceptor>()));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TDbContext>>(connectionName, tags: ["ready"]);
        builder.Services.AddExceptionHandler<DatabaseConflictHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.AddExceptionHandler<UnstorableTextHandler>();
        return builder;
    }

    /// <summary>
    /// A service's connection string with Clearhours' defaults wherever it does not say otherwise (the benchmarks
    /// connect with it too, to measure what the services run).
    /// </summary>
    public static string ServiceConnectionString(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        // Every message and request runs the same few dozen statements: prepared once per connection, PostgreSQL
        // stops parsing and planning each of them again.
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = 100;
            connection.AutoPrepareMinUsages = 2;
        }

        // The services' queries are small and index-driven (a client-month is a few thousand rows). PostgreSQL
        // estimates such a bitmap scan dear enough to hand it to parallel workers, whose start then costs more than
        // the work: a client-month's preview took 65–95 ms at p95 with them and 28–46 without, the raw aggregate of
        // its rows 46–69 against 9 (bench/README.md, Reporting).
        if (string.IsNullOrEmpty(connection.Options))
        {
            connection.Options = "-c max_parallel_workers_per_gather=0";
        }

        // A bounded pool: under a burst each process opened a connection per message in flight (about 50 for
        // Reporting's dozen queues), and two processes of each service overran the server's max_connections (200
        // here), whose refusals came back as retried messages. Twenty at once is more than two cores run; a message
        // beyond them waits for a free connection rather than failing. The database's max_connections must hold
        // replicas × 20 for each of the four services, plus the migrations' and operators' own.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            connection.MaxPoolSize = MaxPoolSize;
        }

        return connection.ConnectionString;
    }

    /// <summary>The connections one process of a service keeps at most, unless its connection string says otherwise.</summary>
    public const int MaxPoolSize = 20;
}
