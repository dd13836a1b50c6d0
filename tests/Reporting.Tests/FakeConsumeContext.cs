using System.Reflection;
using MassTransit;

namespace Clearhours.Reporting.Tests;

/// <summary>
/// A <see cref="ConsumeContext{T}"/> that answers only <c>Message</c> and <c>CancellationToken</c>, which is all the
/// read model consumers use; anything else throws, so a consumer that starts relying on more shows up here.
/// </summary>
public class FakeConsumeContext : DispatchProxy
{
    private object? _message;

    public static ConsumeContext<T> For<T>(T message) where T : class
    {
        var context = Create<ConsumeContext<T>, FakeConsumeContext>();
        ((FakeConsumeContext)(object)context)._message = message;
        return context;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        "get_Message" => _message,
        "get_CancellationToken" => CancellationToken.None,
        _ => throw new NotSupportedException($"The fake consume context does not support {targetMethod?.Name}."),
    };
}
