using Clearhours.Billing.Infrastructure;
using Clearhours.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearhours.Billing.Tests.Http;

/// <summary>
/// The Billing service over Kestrel on its own fresh database and virtual host, with a bus that plays Tasks and
/// Reporting (<see cref="TestBus"/>) and a clock the test sets.
/// </summary>
public sealed class BillingApp : IAsyncDisposable
{
    private BillingApp(Factory factory, TestBus bus, ConsumeLog consumed, string database)
    {
        Service = factory;
        Bus = bus;
        Consumed = consumed;
        Database = database;
    }

    public WebApplicationFactory<Program> Service { get; }

    public TestBus Bus { get; }

    public ConsumeLog Consumed { get; }

    public string Database { get; }

    public ManualClock Clock => ((Factory)Service).Clock;

    /// <summary>Every log line of the service (its own from Information, the rest from Warning).</summary>
    public LogCapture Logs => ((Factory)Service).Logs;

    /// <param name="settings">Configuration the test adds, such as a webhook source's secret.</param>
    public static async Task<BillingApp> StartAsync(ServersFixture servers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await servers.CreateDatabaseAsync("billing");
        var broker = await servers.CreateVirtualHostAsync("billing");
        var consumed = new ConsumeLog();
        var factory = new Factory(database, broker, consumed, settings ?? new Dictionary<string, string>());
        factory.UseKestrel(0);
        factory.StartServer(); // migrated
        await factory.Services.WaitForBusAsync(); // its bus connected and its queues bound
        return new BillingApp(factory, await TestBus.StartAsync(broker, consumed), consumed, database);
    }

    /// <remarks>Unpooled: idle pooled connections to each test's database would add up over a run.</remarks>
    public BillingDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<BillingDbContext>().UseNpgsql(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        // The service registers its data source as an instance, which the container does not dispose.
        var dataSource = Service.Services.GetRequiredKeyedService<NpgsqlDataSource>("billingdb");
        await Service.DisposeAsync();
        await dataSource.DisposeAsync();
        await Bus.DisposeAsync();
    }

    private sealed class Factory(string database, string broker, ConsumeLog consumed, IReadOnlyDictionary<string, string> settings)
        : WebApplicationFactory<Program>
    {
        public ManualClock Clock { get; } = new();

        public LogCapture Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:billingdb", database);
            builder.UseSetting("ConnectionStrings:messaging", broker);
            builder.UseSetting("Identity:SigningKey", "clearhours-billing-tests-signing-key-not-a-secret-0123456789abcd");
            builder.UseSetting("Messaging:RetryIntervals:0", "00:00:00.050");
            builder.UseSetting("Messaging:RedeliveryIntervals:0", "00:00:01");
            builder.UseSetting("Messaging:RedeliveryIntervals:1", "00:00:02");
            builder.UseSetting("Messaging:RedeliveryIntervals:2", "00:00:04");
            // The tests read what the service publishes from its outbox rows, which the relay would delete once published.
            builder.UseSetting("Messaging:Outbox:RelayEnabled", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging =>
            {
                logging.AddFilter(null, LogLevel.Warning);
                // The service's own lines at Information too, for the tests of its log.
                logging.AddProvider(Logs);
                logging.AddFilter<LogCapture>("Clearhours", LogLevel.Information);
            });
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddConsumeObserver(_ => consumed);
                services.AddSingleton<IConfigureReceiveEndpoint>(new FailedAttempts(consumed)); // after the service's own, so inside its retries
            });
        }
    }
}
