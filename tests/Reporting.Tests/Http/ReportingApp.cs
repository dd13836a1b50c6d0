using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clearhours.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
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

/// <summary>
/// The Reporting service over Kestrel on its own fresh database and virtual host, with the read model seeded through
/// its consumers (<see cref="World"/>) and a clock the test moves.
/// </summary>
public sealed class ReportingApp : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string SigningKey = "clearhours-reporting-tests-signing-key-not-a-secret-0123456789ab";

    private ReportingApp(Factory factory, ReportsWorld world)
    {
        Service = factory;
        World = world;
        Anonymous = factory.CreateClient();
        Manager = factory.CreateClient();
        Manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(StaffRoles.Manager));
    }

    public WebApplicationFactory<Program> Service { get; }

    public ReportsWorld World { get; }

    public RecordedSpans Spans => ((Factory)Service).Spans;

    public HttpClient Anonymous { get; }

    public HttpClient Manager { get; }

    public static async Task<ReportingApp> StartAsync(ServersFixture servers)
    {
        var database = await servers.CreateDatabaseAsync("reporting");
        var broker = await servers.CreateVirtualHostAsync("reporting");
        var clock = new ManualClock();
        var factory = new Factory(database, broker, clock);
        factory.UseKestrel(0); // the shared pipeline needs Kestrel's request size limit (see Tasks.Tests' TasksApp)
        factory.StartServer(); // migrated
        return new ReportingApp(factory, new ReportsWorld(new ReadModelEvents(database), clock));
    }

    /// <summary>A report built from the seeded client's November and sent: its card and the client's link.</summary>
    public async Task<Apis.SentReport> SentReportAsync()
    {
        var client = await World.SeedAsync();
        var card = await ReadAsync<Apis.ReportCard>(
            await Manager.PostAsJsonAsync("/api/reports", ReportsWorld.Request(client.Company), Json), HttpStatusCode.Created);
        return await ReadAsync<Apis.SentReport>(await Manager.PostAsync($"/api/reports/{card.Id}/send", null), HttpStatusCode.OK);
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

    /// <summary>The names of the fields a 400 problem lists.</summary>
    public static async Task<List<string>> FieldErrorsAsync(HttpResponseMessage response)
    {
        await ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No field errors in {problem}");
        return [.. errors.EnumerateObject().Select(e => e.Name)];
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        Manager.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>A staff token as the gateway's built-in issuer mints it.</summary>
    private static string Token(string role)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BuiltInIssuer.Issuer,
            Audience = BuiltInIssuer.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, "tester"),
                new Claim(BuiltInIssuer.NameClaim, "tester"),
                new Claim(BuiltInIssuer.RoleClaim, role),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    private sealed class Factory(string database, string broker, TimeProvider clock) : WebApplicationFactory<Program>
    {
        public RecordedSpans Spans { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:reportingdb", database);
            builder.UseSetting("ConnectionStrings:messaging", broker);
            builder.UseSetting("Identity:SigningKey", SigningKey);
            builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(clock);
                // Added after the service's own processors, so it sees each span as an exporter would.
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(Spans));
            });
        }
    }
}
