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
        var source = new NpgsqlDataSourceBuilder(connectionString);
        // Every message and request runs the same few dozen statements: prepared once per connection, PostgreSQL
        // stops parsing and planning each of them again (unless the connection string says otherwise).
        if (source.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            source.ConnectionStringBuilder.MaxAutoPrepare = 100;
            source.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }

        var dataSource = source
            .ConfigureTracing(tracing => tracing
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null))
            .Build();
        builder.Services.AddKeyedSingleton(connectionName, dataSource);

        builder.Services.TryAddOutboxSignal();
        builder.Services.AddDbContext<TDbContext>((services, options) => options
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
}
