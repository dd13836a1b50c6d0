using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Clearhours.DemoData;
using Clearhours.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Clearhours.AppHost;

/// <summary>
/// The operators' buttons on the dashboard. Each calls what already holds the rule: the public API for the demo data,
/// <see cref="ErrorQueues"/> for the error queues, <see cref="OutboxParking"/> for parked outbox rows.
/// </summary>
public static class OperatorCommands
{
    public const string SeedDemoData = "seed-demo-data";
    public const string RetryErrorQueues = "retry-error-queues";
    public const string RetryParkedOutbox = "retry-parked-outbox";

    /// <summary>The development admin of the gateway's appsettings.Development.json: the seeding signs in as a person would.</summary>
    private const string DemoUser = "admin";
    private const string DemoPassword = "admin-dev-password";

    /// <summary>Seeds a demo agency through the gateway (see <see cref="DemoAgency"/>); refused once the demo data is there.</summary>
    public static IResourceBuilder<ProjectResource> WithSeedDemoDataCommand(this IResourceBuilder<ProjectResource> gateway) =>
        gateway.WithCommand(SeedDemoData, "Seed demo data", async context =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(gateway.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(2) };
            var api = new GatewayClient(http);
            try
            {
                await api.SignInAsync(DemoUser, DemoPassword, context.CancellationToken);
                var summary = await new DemoAgency(api, line => context.Logger.LogInformation("{Line}", line))
                    .SeedAsync(DateOnly.FromDateTime(DateTime.UtcNow), context.CancellationToken);
                return CommandResults.Success(summary.ToString());
            }
            catch (DemoDataException error)
            {
                return CommandResults.Failure(error.Message);
            }
        }, new CommandOptions
        {
            Description = "Three clients with three months of time, reports in every status, invoices and payments, through the public API.",
            IconName = "DatabaseArrowUp",
            UpdateState = Healthy,
        });

    /// <summary>Moves every message of the broker's <c>*_error</c> queues back to the queue it failed in.</summary>
    public static IResourceBuilder<T> WithRetryErrorQueuesCommand<T>(this IResourceBuilder<T> messaging, Func<Uri?> managementApi)
        where T : IResourceWithConnectionString =>
        messaging.WithCommand(RetryErrorQueues, "Retry error queues", async context =>
        {
            var broker = BrokerAddress.Parse((await messaging.Resource.GetConnectionStringAsync(context.CancellationToken))!);
            if (managementApi() is not { } management)
            {
                return CommandResults.Failure("The queues are listed by RabbitMQ's management API, which this broker does not offer here.");
            }

            var moved = new List<string>();
            foreach (var errorQueue in await ErrorQueueNamesAsync(management, broker, context.CancellationToken))
            {
                var queue = errorQueue[..^"_error".Length];
                var count = await ErrorQueues.MoveBackAsync(broker, queue, context.CancellationToken);
                if (count > 0)
                {
                    moved.Add($"{count} to {queue}");
                    context.Logger.LogInformation("Moved {Count} message(s) from {ErrorQueue} back to {Queue}", count, errorQueue, queue);
                }
            }

            return CommandResults.Success(moved.Count == 0 ? "No message waited in an error queue." : $"Moved back: {string.Join(", ", moved)}.");
        }, new CommandOptions
        {
            Description = "Moves the messages of every _error queue back to their queues, to be consumed again (fix the cause first).",
            ConfirmationMessage = "Move every message of the error queues back to be consumed again?",
            IconName = "ArrowRepeatAll",
        });

    /// <summary>Puts the parked outbox rows of <paramref name="database"/> back into its outbox, for the service's relay to send.</summary>
    public static IResourceBuilder<ProjectResource> WithRetryParkedOutboxCommand(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString> database) =>
        service.WithCommand(RetryParkedOutbox, "Retry parked outbox rows", async context =>
        {
            await using var connection = new NpgsqlConnection(await database.Resource.GetConnectionStringAsync(context.CancellationToken));
            await connection.OpenAsync(context.CancellationToken);
            await using var retry = new NpgsqlCommand(OutboxParking.RetrySql, connection);
            var count = await retry.ExecuteNonQueryAsync(context.CancellationToken);
            context.Logger.LogInformation("{Count} parked outbox row(s) of {Database} went back to the outbox", count, database.Resource.Name);
            return CommandResults.Success(count == 0 ? "No outbox row was parked." : $"{count} parked row(s) went back to the outbox.");
        }, new CommandOptions
        {
            Description = "Moves the outbox rows the relay gave up on back into the outbox with fresh attempts (fix the cause first).",
            IconName = "ArrowRepeatAll",
            // Parked rows make the service Degraded: the command is there whenever it runs.
            UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

    private static ResourceCommandState Healthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus is HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<IReadOnlyList<string>> ErrorQueueNamesAsync(Uri management, BrokerAddress broker, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Username}:{broker.Password}")));
        var queues = await http.GetFromJsonAsync<JsonElement>(
            $"/api/queues/{Uri.EscapeDataString(broker.VirtualHost)}?columns=name", cancellationToken);
        return [.. queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).Where(n => n.EndsWith("_error", StringComparison.Ordinal))];
    }
}
