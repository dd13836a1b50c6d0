using System.Diagnostics;
using System.Security.Cryptography;

namespace Clearhours.LocalServers;

internal static class Unix
{
    public static bool IsRoot => System.Environment.IsPrivilegedProcess;

    public static string Setpriv => Which("setpriv") ?? "/usr/bin/setpriv";

    public static string? Which(string name) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static void Chown(string user, params string[] paths) => Run("chown", [$"{user}:{user}", .. paths]);

    /// <summary>A user other than root can only reach a folder whose every parent it may traverse.</summary>
    public static void MakeParentsTraversable(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    public static string ReadOrCreatePassword(string file)
    {
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 24);
        WritePrivate(file, password);
        return password;
    }

    public static void WritePrivate(string file, string content)
    {
        File.WriteAllText(file, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static void Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} failed with exit code {process.ExitCode}:\n{stdout}{stderr.Result}");
        }
    }
}
