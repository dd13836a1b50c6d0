using Clearhours.Documents.Infrastructure;
using Clearhours.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearhours.Documents.Tests.Http;

/// <summary>
/// The Documents service over Kestrel on its own fresh database and virtual host, with a bus that plays Billing and
/// Reporting (<see cref="TestBus"/>) and a clock the test sets.
/// </summary>
public sealed class DocumentsApp : IAsyncDisposable
{
    private DocumentsApp(Factory factory, TestBus bus, ConsumeLog consumed, string database)
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

    /// <summary>The share tokens "Reporting" knows, for the client's downloads.</summary>
    public ReportingLinks Reporting => ((Factory)Service).Reporting;

    /// <param name="settings">Configuration the test adds, such as another agency profile.</param>
    public static async Task<DocumentsApp> StartAsync(ServersFixture servers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await servers.CreateDatabaseAsync("documents");
        var broker = await servers.CreateVirtualHostAsync("documents");
        var consumed = new ConsumeLog();
        var factory = new Factory(database, broker, consumed, settings ?? new Dictionary<string, string>());
        factory.UseKestrel(0);
        factory.StartServer(); // migrated
        await factory.Services.WaitForBusAsync(); // its bus connected and its queues bound
        return new DocumentsApp(factory, await TestBus.StartAsync(broker, consumed), consumed, database);
    }

    /// <remarks>Unpooled: idle pooled connections to each test's database would add up over a run.</remarks>
    public DocumentsDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<DocumentsDbContext>().UseNpgsql(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        // The service registers its data source as an instance, which the container does not dispose.
        var dataSource = Service.Services.GetRequiredKeyedService<NpgsqlDataSource>("documentsdb");
        await Service.DisposeAsync();
        await dataSource.DisposeAsync();
        await Bus.DisposeAsync();
    }

    private sealed class Factory(string database, string broker, ConsumeLog consumed, IReadOnlyDictionary<string, string> settings)
        : WebApplicationFactory<Program>
    {
        public ManualClock Clock { get; } = new();

        public ReportingLinks Reporting { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:documentsdb", database);
            builder.UseSetting("ConnectionStrings:messaging", broker);
            builder.UseSetting("Identity:SigningKey", "clearhours-documents-tests-signing-key-not-a-secret-0123456789ab");
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

            builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddHttpClient<ShareLinkResolver>().ConfigurePrimaryHttpMessageHandler(() => Reporting);
                services.AddConsumeObserver(_ => consumed);
                services.AddSingleton<IConfigureReceiveEndpoint>(new FailedAttempts(consumed)); // after the service's own, so inside its retries
            });
        }
    }
}
