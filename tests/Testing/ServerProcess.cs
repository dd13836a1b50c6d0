using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Clearhours.LocalServers;

namespace Clearhours.Testing;

/// <summary>A local server run by the test host; it dies with the test host even when that is killed.</summary>
internal sealed class ServerProcess : IDisposable
{
    private const int KeptLines = 80;

    // PR_SET_PDEATHSIG fires when the thread that forked the child exits, so every server is forked
    // from this one thread, which lives as long as the test host.
    private static readonly BlockingCollection<Action> Launches = StartLauncherThread();

    private readonly Process process;
    private readonly string stopSignal;
    private readonly bool cleanStop;
    private readonly ConcurrentQueue<string> output = new();

    private ServerProcess(string name, ServerCommand command, string stopSignal, bool cleanStop)
    {
        Name = name;
        this.stopSignal = stopSignal;
        this.cleanStop = cleanStop;
        command = command.WithParentDeathSignal(stopSignal);
        var startInfo = new ProcessStartInfo(command.FileName, command.Arguments)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in command.Environment)
        {
            startInfo.Environment[key] = value;
        }

        process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Launches.Add(() =>
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        });
        started.Task.GetAwaiter().GetResult();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public string RecentOutput => string.Join('\n', output);

    /// <param name="stopSignal">Sent to the server when the test host dies, and by <see cref="Dispose"/> for a clean stop.</param>
    /// <param name="cleanStop">Whether <see cref="Dispose"/> sends <paramref name="stopSignal"/> and waits rather than killing at once.</param>
    public static ServerProcess Start(string name, ServerCommand command, string stopSignal, bool cleanStop) =>
        new(name, command, stopSignal, cleanStop);

    /// <summary>Waits until <paramref name="answers"/> is true, failing early with the server's output if it exits.</summary>
    public async Task WaitUntilAnswersAsync(Func<CancellationToken, Task<bool>> answers, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (!await answers(cts.Token))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{Name} exited with code {process.ExitCode} while starting. Its last output:\n{RecentOutput}");
                }

                await Task.Delay(200, cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{Name} did not answer within {timeout.TotalSeconds:0} s. Its last output:\n{RecentOutput}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (cleanStop && !process.HasExited)
            {
                using var kill = Process.Start("kill", ["-s", stopSignal, process.Id.ToString(CultureInfo.InvariantCulture)]);
                kill.WaitForExit();
                process.WaitForExit(TimeSpan.FromSeconds(15));
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static BlockingCollection<Action> StartLauncherThread()
    {
        var launches = new BlockingCollection<Action>();
        new Thread(() =>
        {
            foreach (var launch in launches.GetConsumingEnumerable())
            {
                launch();
            }
        })
        {
            IsBackground = true,
            Name = "Clearhours server launcher",
        }.Start();
        return launches;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
    }
}
