using System.Net;

namespace Clearhours.Bench.Payments;

/// <summary>
/// Where the services export their telemetry during a benchmark, as a deployment's collector would take it: every
/// OTLP/HTTP export is read and answered with an empty success. Without it the exporters would retry against a port
/// nothing listens on (the AppHost names the dashboard's, which a test build does not start), which is not a cost a
/// running system pays.
/// </summary>
internal sealed class OtlpSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public OtlpSink(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Export requests answered, of every signal.</summary>
    public int Requests => _requests;

    private int _requests;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref _requests);
            // An empty protobuf message is zero bytes: a full success for traces, metrics and logs alike.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
