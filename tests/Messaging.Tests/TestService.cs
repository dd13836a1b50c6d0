using System.Collections.Concurrent;
using System.Diagnostics;
using Clearhours.Persistence;
using Clearhours.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clearhours.Messaging.Tests;

public sealed record NoteWritten(Guid NoteId, string Text);

public sealed class Note
{
    public Guid Id { get; init; }
    public required string Text { get; init; }
}

/// <summary>What a consumer did to its own database: one row per applied message.</summary>
public sealed class Effect
{
    public long Id { get; init; }
    public required string Consumer { get; init; }
    public Guid NoteId { get; init; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}

/// <summary>Every delivery a test consumer saw, whether or not it had an effect.</summary>
public sealed class Deliveries
{
    private readonly ConcurrentQueue<Delivery> _all = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<Delivery> All => _all;

    public void Add(Delivery delivery)
    {
        _all.Enqueue(delivery);
        _arrived.Release();
    }

    public async Task<IReadOnlyCollection<Delivery>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_all.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"Expected {count} deliveries within {timeout}, saw {_all.Count}.");
            }
        }

        return _all;
    }
}

public sealed record Delivery(string Consumer, Guid? MessageId, NoteWritten Message, ActivityTraceId? TraceId, bool Applied)
{
    public DateTime At { get; } = DateTime.UtcNow;
}

/// <summary>Records the note in its own database, once per message.</summary>
public sealed class NoteWrittenConsumer(TestDbContext db, Deliveries deliveries) : IConsumer<NoteWritten>
{
    public async Task Consume(ConsumeContext<NoteWritten> context)
    {
        var applied = await db.ProcessOnceAsync(context, nameof(NoteWrittenConsumer), _ =>
        {
            db.Effects.Add(new Effect { Consumer = nameof(NoteWrittenConsumer), NoteId = context.Message.NoteId });
            return Task.CompletedTask;
        });
        deliveries.Add(new Delivery(nameof(NoteWrittenConsumer), context.MessageId, context.Message, Activity.Current?.TraceId, applied));
    }
}

/// <summary>Always fails after writing its effect, which must then be rolled back.</summary>
public sealed class FailingNoteConsumer(TestDbContext db, Deliveries deliveries) : IConsumer<NoteWritten>
{
    public async Task Consume(ConsumeContext<NoteWritten> context)
    {
        deliveries.Add(new Delivery(nameof(FailingNoteConsumer), context.MessageId, context.Message, Activity.Current?.TraceId, false));
        await db.ProcessOnceAsync(context, nameof(FailingNoteConsumer), async cancellationToken =>
        {
            db.Effects.Add(new Effect { Consumer = nameof(FailingNoteConsumer), NoteId = context.Message.NoteId });
            await db.SaveChangesAsync(cancellationToken);
            throw new InvalidOperationException("The consumer cannot apply this note.");
        });
    }
}

/// <summary>A service process as the real ones are wired: its own database, the shared broker, outbox and inbox.</summary>
public sealed class TestService : IAsyncDisposable
{
    private readonly IHost _host;

    private TestService(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public Deliveries Deliveries => _host.Services.GetRequiredService<Deliveries>();

    public static async Task<TestService> StartAsync(
        string name, string database, string broker, Action<IBusRegistrationConfigurator>? consumers = null,
        IDictionary<string, string?>? settings = null, bool waitForBus = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{name}db"] = database,
            ["ConnectionStrings:messaging"] = broker,
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
            ["Messaging:RetryIntervals:1"] = "00:00:00.050",
            ["Messaging:RetryIntervals:2"] = "00:00:00.050",
            ["Messaging:RedeliveryIntervals:0"] = "00:00:00.300",
            ["Messaging:RedeliveryIntervals:1"] = "00:00:00.600",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("TEST_LOG") is { Length: > 0 } ? LogLevel.Debug : LogLevel.Warning);
        builder.Services.AddSingleton<Deliveries>();
        builder.AddServiceDatabase<TestDbContext>($"{name}db");
        builder.AddMessaging<TestDbContext>(name, consumers);

        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        await host.StartAsync();
        if (waitForBus)
        {
            await host.Services.WaitForBusAsync(); // most tests want its bus up first
        }

        return new TestService(host);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DbContext, as one request of the service would.</summary>
    public async Task<T> WithDbAsync<T>(Func<TestDbContext, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public Task WithDbAsync(Func<TestDbContext, Task> work) =>
        WithDbAsync(async db =>
        {
            await work(db);
            return true;
        });

    /// <summary>Saves a note and its event in one transaction, as a business change does.</summary>
    public async Task<NoteWritten> WriteNoteAsync(string text)
    {
        var note = new Note { Id = Guid.NewGuid(), Text = text };
        var message = new NoteWritten(note.Id, text);
        await WithDbAsync(async db =>
        {
            db.Notes.Add(note);
            db.AddEvent(message);
            await db.SaveChangesAsync();
        });
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
