using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Contracts.Reporting;
using Clearhours.Contracts.Tasks;
using Clearhours.ServiceDefaults.Api;
using Clearhours.Tasks.Apis;
using Clearhours.Tasks.Infrastructure;
using Clearhours.Tasks.Model;
using Clearhours.Testing;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearhours.Tasks.Tests.Infrastructure;

/// <summary>The Tasks service in-process, on its own fresh database and virtual host of the real servers.</summary>
public sealed class TasksServiceFactory(string database, string broker, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public ConsumeLog Consumed { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:tasksdb", database);
        builder.UseSetting("ConnectionStrings:messaging", broker);
        builder.UseSetting("Identity:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("Messaging:RetryIntervals:0", "00:00:00.050");
        builder.UseSetting("Messaging:RetryIntervals:1", "00:00:00.050");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddConsumeObserver(_ => Consumed));
    }
}

/// <summary>
/// One test's world: the service, a bus on the same virtual host that records the service's events, and HTTP
/// clients per role. Every call goes through HTTP or the broker, as other services and the web client would.
/// </summary>
public sealed class TasksApp : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, HttpClient> _clients = [];

    private TasksApp(TasksServiceFactory factory, TestBus bus)
    {
        Factory = factory;
        Bus = bus;
    }

    public TasksServiceFactory Factory { get; }

    public TestBus Bus { get; }

    /// <summary>A manager: the role the Tasks routes are for.</summary>
    public HttpClient Manager => Client(StaffRoles.Manager);

    /// <param name="kestrel">
    /// Serve over Kestrel on a loopback port (the default) rather than the in-memory TestServer: the shared pipeline
    /// answers 413 to any request with a body on a server without a request size limit (see
    /// <see cref="RequestBodyLimitTests"/>), and Kestrel is what the service runs on anyway.
    /// </param>
    /// <param name="settings">Configuration of the service beyond the test defaults ("Messaging:Outbox:PollInterval").</param>
    public static async Task<TasksApp> StartAsync(ServersFixture servers, bool kestrel = true, IReadOnlyDictionary<string, string>? settings = null)
    {
        var database = await servers.CreateDatabaseAsync("tasks");
        var broker = await servers.CreateVirtualHostAsync("tasks");
        var bus = await TestBus.StartAsync(broker);
        var app = new TasksApp(new TasksServiceFactory(database, broker, settings), bus);
        try
        {
            if (kestrel)
            {
                app.Factory.UseKestrel(0);
            }

            app.Factory.StartServer(); // migrated
            await app.Factory.Services.WaitForBusAsync(); // its bus connected and its queues bound
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client with a token for <paramref name="role"/>; null: no token at all.</summary>
    public HttpClient Client(string? role)
    {
        var key = role ?? "";
        if (!_clients.TryGetValue(key, out var client))
        {
            client = Factory.CreateClient();
            if (role is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role));
            }

            _clients[key] = client;
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
        await Bus.DisposeAsync();
    }

    // ---- Reading answers ----

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>The problem details body of an error answer, after checking its status.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        await ExpectAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    // ---- The service's resources ----

    public async Task<CompanyDto> CreateCompanyAsync(string name = "Acme Ltd", string currency = "EUR") =>
        await ReadAsync<CompanyDto>(await Manager.PostAsJsonAsync("/api/companies", CompanyRequest(name, currency), Json), HttpStatusCode.Created);

    public static CompanyRequest CompanyRequest(string name = "Acme Ltd", string currency = "EUR") =>
        new(name, $"{name} LLC", "TX-100200", "1 Main Street, Minsk", "First Bank", "BY00FIRB00000000000000000001", "FIRBBY2X",
            "billing@acme.example", currency, 30);

    public async Task<ProjectDto> CreateProjectAsync(
        Guid companyId, string name = "Website", RoundingMode rounding = RoundingMode.None, int increment = 0,
        params BillablePercentRequest[] percents) =>
        await ReadAsync<ProjectDto>(
            await Manager.PostAsJsonAsync("/api/projects", ProjectRequest(companyId, name, rounding, increment, percents), Json),
            HttpStatusCode.Created);

    public static ProjectRequest ProjectRequest(
        Guid companyId, string name = "Website", RoundingMode rounding = RoundingMode.None, int increment = 0,
        params BillablePercentRequest[] percents) =>
        new(companyId, name, "EUR", rounding, increment, percents);

    public async Task<ProjectDto> AddRateAsync(Guid projectId, string? workType, string? person, decimal hourlyRate, DateOnly from) =>
        await ReadAsync<ProjectDto>(
            await Manager.PostAsJsonAsync($"/api/projects/{projectId}/rates", new RateRequest(workType, person, hourlyRate, from), Json),
            HttpStatusCode.OK);

    public async Task<decimal?> RateAsync(Guid projectId, string person, string workType, DateOnly date)
    {
        var query = $"person={Uri.EscapeDataString(person)}&workType={Uri.EscapeDataString(workType)}&date={date:yyyy-MM-dd}";
        var answer = await ReadAsync<RateAnswer>(await Manager.GetAsync($"/api/projects/{projectId}/rate?{query}"), HttpStatusCode.OK);
        return answer.HourlyRate;
    }

    public async Task<TaskDto> CreateTaskAsync(Guid projectId, string workType = "Development", int? billablePercent = null, string title = "Build the thing") =>
        await ReadAsync<TaskDto>(
            await Manager.PostAsJsonAsync("/api/tasks", TaskRequest(projectId, workType, billablePercent, title), Json), HttpStatusCode.Created);

    public static TaskRequest TaskRequest(Guid projectId, string workType = "Development", int? billablePercent = null, string title = "Build the thing") =>
        new(projectId, title, workType, null, billablePercent, "ann", null, "WEB-1", "https://planner.example/WEB-1");

    public async Task<TaskDto> GetTaskAsync(Guid id) =>
        await ReadAsync<TaskDto>(await Manager.GetAsync($"/api/tasks/{id}"), HttpStatusCode.OK);

    public async Task<TimeEntryDto> RecordAsync(Guid taskId, string person, DateOnly date, int minutes, string? comment = null) =>
        await ReadAsync<TimeEntryDto>(
            await Manager.PostAsJsonAsync("/api/time-entries", new TimeEntryRequest(taskId, person, date, minutes, comment), Json),
            HttpStatusCode.Created);

    public async Task<TimeEntryDto> GetEntryAsync(Guid id) =>
        await ReadAsync<TimeEntryDto>(await Manager.GetAsync($"/api/time-entries/{id}"), HttpStatusCode.OK);

    public Task<HttpResponseMessage> UpdateEntryAsync(TimeEntryDto entry, int minutes, Guid? taskId = null) =>
        Manager.PutAsJsonAsync($"/api/time-entries/{entry.Id}",
            new TimeEntryRequest(taskId ?? entry.TaskId, entry.Person, entry.WorkDate, minutes, entry.Comment), Json);

    public async Task<Page<TimeEntryDto>> ListEntriesAsync(string query) =>
        await ReadAsync<Page<TimeEntryDto>>(await Manager.GetAsync($"/api/time-entries?{query}"), HttpStatusCode.OK);

    // ---- Reporting's side, through the broker ----

    public async Task<ReportApproved> ApproveAsync(Guid companyId, string reportNumber, params TimeEntryDto[] entries)
    {
        var report = new ReportApproved(Guid.NewGuid(), reportNumber, companyId, "sha256:test", [.. entries.Select(e => e.Id)], DateTimeOffset.UtcNow);
        await Bus.PublishAsync(report);
        await WaitForEntriesAsync(TimeEntryBillingState.InReport, entries);
        return report;
    }

    /// <summary>Reporting's claims of a report at a version, and Tasks' answer to them.</summary>
    public async Task<TimeLockConfirmed> ClaimAsync(Guid reportId, string reportNumber, long version, params Guid[] entries)
    {
        await Bus.PublishAsync(new ReportClaimsChanged(reportId, reportNumber, version, entries, DateTimeOffset.UtcNow));
        return await Bus.WaitForAsync<TimeLockConfirmed>(c => c.ReportId == reportId && c.ClaimVersion == version);
    }

    public async Task<ReportPaid> PayAsync(ReportApproved report, params TimeEntryDto[] entries)
    {
        var paid = new ReportPaid(report.ReportId, report.ReportNumber, [.. entries.Select(e => e.Id)], DateTimeOffset.UtcNow);
        await Bus.PublishAsync(paid);
        await WaitForEntriesAsync(TimeEntryBillingState.Paid, entries);
        return paid;
    }

    /// <summary>Polls the API until every entry is in <paramref name="state"/>: the service applied the message.</summary>
    public async Task WaitForEntriesAsync(TimeEntryBillingState state, params TimeEntryDto[] entries)
    {
        foreach (var entry in entries)
        {
            await Eventually.Async(async () => (await GetEntryAsync(entry.Id)).BillingState == state,
                $"time entry {entry.Id} to become {state}");
        }
    }

    /// <summary>Runs <paramref name="work"/> on the service's own DbContext, to look at rows the API does not show.</summary>
    public async Task<T> WithDbAsync<T>(Func<TasksDbContext, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TasksDbContext>());
    }
}

public static class Eventually
{
    public static async Task Async(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var patience = timeout ?? TestBus.Patience;
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
