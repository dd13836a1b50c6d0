using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Reporting.Infrastructure;
using Clearhours.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Clearhours.Reporting.Tests.Http;

/// <summary>Every span the service's tracing pipeline hands on to its exporters.</summary>
public sealed class RecordedSpans : BaseProcessor<Activity>
{
    private readonly List<Activity> _ended = [];

    public IReadOnlyList<Activity> Ended
    {
        get
        {
            lock (_ended)
            {
                return [.. _ended];
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        lock (_ended)
        {
            _ended.Add(data);
        }
    }
}

/// <summary>Runs a test's action once, just before the service's next save that changes a report.</summary>
public sealed class BeforeReportSave : SaveChangesInterceptor
{
    private Func<Task>? _armed;

    public void Arm(Func<Task> action) => _armed = action;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context!.ChangeTracker.Entries<Model.Report>().Any(e => e.State == EntityState.Modified)
            && Interlocked.Exchange(ref _armed, null) is { } action)
        {
            await action();
        }

        return result;
    }
}

/// <summary>
/// The Reporting service over Kestrel on its own fresh database and virtual host, with real staff tokens per role, a
/// bus that plays the other services (<see cref="TestBus"/>), and a clock the test moves.
/// </summary>
public sealed class ReportingApp : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, HttpClient> _clients = [];

    private ReportingApp(Factory factory, TestBus bus, string database)
    {
        Service = factory;
        Bus = bus;
        Database = database;
        World = new ReportsWorld(this);
    }

    public WebApplicationFactory<Program> Service { get; }

    public TestBus Bus { get; }

    /// <summary>The service's database, for what the API does not show (outbox, inbox, claims).</summary>
    public string Database { get; }

    public ReportsWorld World { get; }

    public ManualClock Clock => ((Factory)Service).Clock;

    /// <summary>Every log line of the service (its own from Information, the rest from Warning).</summary>
    public LogCapture Logs => ((Factory)Service).Logs;

    public BeforeReportSave BeforeReportSave => ((Factory)Service).BeforeSave;

    public RecordedSpans Spans => ((Factory)Service).Spans;

    public HttpClient Anonymous => Client(null);

    public HttpClient Manager => Client(StaffRoles.Manager);

    public static async Task<ReportingApp> StartAsync(ServersFixture servers, string prefix = "reporting")
    {
        var database = await servers.CreateDatabaseAsync(prefix);
        var broker = await servers.CreateVirtualHostAsync(prefix);
        var consumed = new ConsumeLog();
        var factory = new Factory(database, broker, consumed);
        factory.UseKestrel(0); // the shared pipeline needs Kestrel's request size limit (see Tasks.Tests' TasksApp)
        factory.StartServer(); // migrated
        await factory.Services.WaitForBusAsync(); // its bus connected and its queues bound
        return new ReportingApp(factory, await TestBus.StartAsync(broker, consumed), database);
    }

    /// <summary>A client with a token for <paramref name="role"/> (the user is named after it); null: no token at all.</summary>
    public HttpClient Client(string? role)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(role ?? "", out var client))
            {
                client = Service.CreateClient();
                if (role is not null)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role));
                }

                _clients[role ?? ""] = client;
            }

            return client;
        }
    }

    /// <remarks>Unpooled: a run starts a couple of hundred databases, and idle pooled connections to each would add up.</remarks>
    public ReportingDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql(new NpgsqlConnectionStringBuilder(Database) { Pooling = false }.ConnectionString).Options);

    /// <summary>A report built from the seeded client's November and sent: its card and the client's link.</summary>
    public async Task<Apis.SentReport> SentReportAsync()
    {
        var client = await World.SeedAsync();
        var card = await World.CreatedAsync(ReportsWorld.Request(client.Company));
        return await World.SendAsync(card.Id);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, "
                + $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The problem details body of an error answer, after checking its status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    /// <summary>The names of the fields a 400 problem lists.</summary>
    public static async Task<List<string>> FieldErrorsAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No field errors in {problem}");
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        // The service registers its data source as an instance, which the container does not dispose: closed here, or
        // the idle connections of every app of the run stay open until the server has none left.
        var dataSource = Service.Services.GetRequiredKeyedService<NpgsqlDataSource>("reportingdb");
        await Service.DisposeAsync();
        await dataSource.DisposeAsync();
        await Bus.DisposeAsync();
    }

    private sealed class Factory(string database, string broker, ConsumeLog consumed) : WebApplicationFactory<Program>
    {
        public RecordedSpans Spans { get; } = new();

        public ManualClock Clock { get; } = new();

        public LogCapture Logs { get; } = new();

        public BeforeReportSave BeforeSave { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:reportingdb", database);
            builder.UseSetting("ConnectionStrings:messaging", broker);
            builder.UseSetting("Identity:SigningKey", TestTokens.SigningKey);
            builder.UseSetting("Messaging:RetryIntervals:0", "00:00:00.050");
            builder.UseSetting("Messaging:RedeliveryIntervals:0", "00:00:01");
            builder.UseSetting("Messaging:RedeliveryIntervals:1", "00:00:02");
            builder.UseSetting("Messaging:RedeliveryIntervals:2", "00:00:04");
            // The tests read what the service publishes from its outbox rows, which the relay would delete once
            // published; relaying itself is Messaging.Tests' subject.
            builder.UseSetting("Messaging:Outbox:RelayEnabled", "false");
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
                services.ConfigureDbContext<ReportingDbContext>((_, options) => options.AddInterceptors(BeforeSave));
                // Added after the service's own processors, so it sees each span as an exporter would.
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(Spans));
            });
        }
    }
}
