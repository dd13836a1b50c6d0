namespace Clearhours.LocalServers;

/// <summary>A foreground server process: run it and stop it with a signal, it keeps its state in its own folder.</summary>
public sealed record ServerCommand(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory)
{
    /// <summary>
    /// Returns the command run through setpriv so that the kernel sends <paramref name="signal"/> to it
    /// when the thread that started it dies (e.g. a killed test host). The "parent" is the starting
    /// thread, not the process: start it from a thread that lives as long as the process.
    /// </summary>
    public ServerCommand WithParentDeathSignal(string signal)
    {
        // A second setpriv would drop the signal: it is cleared when the first one changes the user.
        if (Path.GetFileName(FileName) == "setpriv")
        {
            return this with { Arguments = ["--pdeathsig", signal, .. Arguments] };
        }

        return this with { FileName = Unix.Setpriv, Arguments = ["--pdeathsig", signal, "--", FileName, .. Arguments] };
    }
}
