using System.Text;
using MassTransit;
using RabbitMQ.Client;

namespace Clearhours.Messaging.Tests;

/// <summary>Looks into the broker's queues the way an operator would.</summary>
internal static class Queues
{
    public static string ErrorQueueOf<TConsumer>(string service) where TConsumer : class, IConsumer =>
        $"{QueueOf<TConsumer>(service)}_error";

    public static string QueueOf<TConsumer>(string service) where TConsumer : class, IConsumer =>
        new KebabCaseEndpointNameFormatter(service, false).Consumer<TConsumer>();

    /// <summary>Takes (and leaves unacknowledged, so it stays) the first message that reaches the queue.</summary>
    public static async Task<string> WaitForMessageAsync(string broker, string queue, TimeSpan patience)
    {
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            // The error queue is declared by the first fault; until then the broker answers 404.
            var exists = await channel.QueueDeclarePassiveAsync(queue).ContinueWith(t => t.IsCompletedSuccessfully);
            if (!exists)
            {
                channel = await connection.CreateChannelAsync();
            }
            else if (await channel.BasicGetAsync(queue, autoAck: false) is { } result)
            {
                return Encoding.UTF8.GetString(result.Body.Span);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No message reached {queue}.");
    }

    /// <summary>Messages ready in the queue; 0 when it does not exist.</summary>
    public static async Task<uint> CountAsync(string broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }
}
