using System.IO.Compression;
using System.Net;
using Google.Protobuf;

namespace Clearhours.EndToEnd.Tests.Telemetry;

/// <summary>One exported span, as the OTLP request carried it.</summary>
public sealed record ExportedSpan(
    string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<string> EventTexts)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    /// <summary>Every text the span carries: its name, attribute values and its events' names and attribute values.</summary>
    public IEnumerable<string> Texts => [Name, .. Attributes.Values, .. EventTexts];
}

/// <summary>
/// A small OTLP/HTTP receiver (protobuf over HTTP POST, the exporter's http/protobuf protocol) for the services the
/// AppHost starts: it keeps the spans of /v1/traces and answers the metrics and logs with an empty success.
/// </summary>
public sealed class OtlpCollector : IDisposable
{
    /// <summary>Far above what a run exports; past it the oldest are dropped, so a long run cannot grow without bound.</summary>
    private const int MaxSpans = 200_000;

    private readonly HttpListener _listener = new();
    private readonly LinkedList<ExportedSpan> _spans = new();
    private readonly Task _serving;

    public OtlpCollector(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Export requests received, of every signal: none at all means the services were never pointed here.</summary>
    public int Requests => _requests;

    private int _requests;

    public IReadOnlyList<ExportedSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Polls the spans until <paramref name="done"/> holds of them (exporters send in batches, a second apart).</summary>
    public async Task<IReadOnlyList<ExportedSpan>> WaitForAsync(
        Func<IReadOnlyList<ExportedSpan>, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var spans = Spans;
            if (done(spans))
            {
                return spans;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} was not exported within {(within ?? TimeSpan.FromSeconds(30)).TotalSeconds} s ({spans.Count} spans in {Requests} export requests seen)");
            }

            await Task.Delay(250);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            try
            {
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    using var body = new MemoryStream();
                    var input = context.Request.Headers["Content-Encoding"] == "gzip"
                        ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress)
                        : context.Request.InputStream;
                    await input.CopyToAsync(body);
                    var spans = OtlpTraces.Read(body.ToArray());
                    lock (_spans)
                    {
                        foreach (var span in spans)
                        {
                            _spans.AddLast(span);
                        }

                        while (_spans.Count > MaxSpans)
                        {
                            _spans.RemoveFirst();
                        }
                    }
                }

                // An empty Export*ServiceResponse: everything accepted.
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (InvalidProtocolBufferException)
            {
                context.Response.StatusCode = 400;
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>
/// Reads an ExportTraceServiceRequest by the field numbers of opentelemetry-proto (collector/trace/v1, trace/v1,
/// common/v1): only what the tests look at, every other field skipped.
/// </summary>
public static class OtlpTraces
{
    public static List<ExportedSpan> Read(byte[] request)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Messages(request, 1))
        {
            var service = "";
            foreach (var resource in Messages(resourceSpans, 1))
            {
                service = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            }

            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                spans.AddRange(Messages(scopeSpans, 2).Select(span => Span(service, span)));
            }
        }

        return spans;
    }

    private static ExportedSpan Span(string service, byte[] span)
    {
        string traceId = "", spanId = "", parentSpanId = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        var eventTexts = new List<string>();
        var input = new CodedInputStream(span);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parentSpanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadInt32(); break;
                case 9:
                    var (key, value) = KeyValue(input.ReadBytes().ToByteArray());
                    attributes[key] = value;
                    break;
                case 11:
                    var spanEvent = input.ReadBytes().ToByteArray();
                    eventTexts.AddRange(Strings(spanEvent, 2));
                    eventTexts.AddRange(Attributes(spanEvent, 3).Values);
                    break;
                default: input.SkipLastField(); break;
            }
        }

        return new ExportedSpan(service, traceId, spanId, parentSpanId, name, kind, attributes, eventTexts);
    }

    private static Dictionary<string, string> Attributes(byte[] message, int field) =>
        Messages(message, field).Select(KeyValue).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Last().Value);

    private static (string Key, string Value) KeyValue(byte[] keyValue)
    {
        var key = Strings(keyValue, 1).FirstOrDefault("");
        var value = Messages(keyValue, 2).Select(AnyValue).FirstOrDefault("");
        return (key, value);
    }

    /// <summary>An AnyValue as text: a string as it is, a number or bool formatted, an array or map as its parts joined.</summary>
    private static string AnyValue(byte[] anyValue)
    {
        var input = new CodedInputStream(anyValue);
        var parts = new List<string>();
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: parts.Add(input.ReadString()); break;
                case 2: parts.Add(input.ReadBool() ? "true" : "false"); break;
                case 3: parts.Add(input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                case 4: parts.Add(input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                case 5: parts.Add(string.Join(",", Messages(input.ReadBytes().ToByteArray(), 1).Select(AnyValue))); break;
                case 6: parts.Add(string.Join(",", Messages(input.ReadBytes().ToByteArray(), 1).Select(KeyValue).Select(kv => $"{kv.Key}={kv.Value}"))); break;
                case 7: parts.Add(input.ReadBytes().ToStringUtf8()); break;
                default: input.SkipLastField(); break;
            }
        }

        return string.Join("", parts);
    }

    /// <summary>The length-delimited values of one field of a message, in order.</summary>
    private static List<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static IEnumerable<string> Strings(byte[] message, int field) =>
        Messages(message, field).Select(System.Text.Encoding.UTF8.GetString);
}
