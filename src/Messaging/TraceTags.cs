using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using MassTransit;

namespace Clearhours.Messaging;

/// <summary>
/// The business ids an operator searches traces by. An event's ids of these names are set on the span that publishes it
/// and on every span that consumes it, so a report or invoice number finds its whole flow on the dashboard. Only the
/// properties named here are read: a share token, an e-mail or a bank account never reaches a span.
/// </summary>
public static class TraceTags
{
    public const string ReportId = "clearhours.report.id";
    public const string ReportNumber = "clearhours.report.number";
    public const string InvoiceId = "clearhours.invoice.id";
    public const string InvoiceNumber = "clearhours.invoice.number";
    public const string PaymentId = "clearhours.payment.id";
    public const string PaymentSource = "clearhours.payment.source";
    public const string PaymentExternalId = "clearhours.payment.external_id";

    private static readonly Dictionary<string, string> TagOfProperty = new()
    {
        ["ReportId"] = ReportId,
        ["ReportNumber"] = ReportNumber,
        ["InvoiceId"] = InvoiceId,
        ["InvoiceNumber"] = InvoiceNumber,
        ["PaymentId"] = PaymentId,
        ["Source"] = PaymentSource,
        ["ExternalId"] = PaymentExternalId,
    };

    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Tag)[]> PropertiesOf = new();

    /// <summary>Sets the business ids <paramref name="message"/> carries on <paramref name="activity"/>.</summary>
    public static void SetBusinessIds(this Activity? activity, object message)
    {
        if (activity is null)
        {
            return;
        }

        foreach (var (property, tag) in PropertiesOf.GetOrAdd(message.GetType(), Tagged))
        {
            if (property.GetValue(message) is { } value && value.ToString() is { Length: > 0 } text && text != Guid.Empty.ToString())
            {
                activity.SetTag(tag, text);
            }
        }
    }

    // Source and ExternalId name a payment only in the payment events (a time entry has an ExternalId of its own).
    private static (PropertyInfo, string)[] Tagged(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => TagOfProperty.ContainsKey(p.Name) && (p.PropertyType == typeof(string) || p.PropertyType == typeof(Guid)))
            .Where(p => p.Name is not ("Source" or "ExternalId") || type.Name.StartsWith("Payment", StringComparison.Ordinal))
            .Select(p => (p, TagOfProperty[p.Name]))];
}

/// <summary>Tags each consume span with the business ids of its message (see <see cref="TraceTags"/>).</summary>
public sealed class TraceTagsFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        Activity.Current.SetBusinessIds(context.Message);
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("traceTags");
}
