using System.Reflection;
using MassTransit;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// A <see cref="ConsumeContext{T}"/> that answers <c>Message</c>, <c>MessageId</c> and <c>CancellationToken</c>: what the
/// inbox-guarded consumers use. Anything else throws, so a consumer that starts relying on more shows up here.
/// </summary>
public class MessageConsumeContext : DispatchProxy
{
    private object? _message;
    private Guid? _messageId;

    public static ConsumeContext<T> For<T>(T message, Guid messageId) where T : class
    {
        var context = Create<ConsumeContext<T>, MessageConsumeContext>();
        var proxy = (MessageConsumeContext)(object)context;
        proxy._message = message;
        proxy._messageId = messageId;
        return context;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_Message" => _message,
        "get_MessageId" => _messageId,
        "get_CancellationToken" => CancellationToken.None,
        _ => throw new NotSupportedException($"The message consume context does not support {targetMethod?.Name}."),
    };
}
