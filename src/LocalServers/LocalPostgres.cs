using System.Globalization;
using Npgsql;

namespace Clearhours.LocalServers;

public static class LocalPostgres
{
    public const string Username = "clearhours";
    private const string OsUser = "postgres";

    public static bool IsInstalled => FindBinDirectory() is not null;

    /// <summary>
    /// Initializes (once) a cluster in <paramref name="stateDirectory"/> and returns the command that runs it in the
    /// foreground. Does not start it. Safe to call again on the same folder: the cluster and its password are reused.
    /// </summary>
    public static LocalPostgresServer Prepare(string stateDirectory, int port, bool forTests = false)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PATH): install them, e.g. `apt-get install postgresql`.");
        stateDirectory = Path.GetFullPath(stateDirectory);
        var dataDirectory = Path.Combine(stateDirectory, "data");
        var socketDirectory = Path.Combine(stateDirectory, "socket");
        var passwordFile = Path.Combine(stateDirectory, "password");
        var initialized = File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        if (initialized && !File.Exists(passwordFile))
        {
            throw new InvalidOperationException($"{dataDirectory} exists but {passwordFile} is missing: delete {stateDirectory} to start over.");
        }

        Directory.CreateDirectory(stateDirectory);
        var password = Unix.ReadOrCreatePassword(passwordFile);
        Directory.CreateDirectory(socketDirectory);
        if (!initialized)
        {
            // Leftovers of an interrupted initdb make it refuse the folder.
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            Directory.CreateDirectory(dataDirectory);
        }

        if (Unix.IsRoot)
        {
            Unix.MakeParentsTraversable(stateDirectory);
            Unix.Chown(OsUser, stateDirectory, socketDirectory, dataDirectory);
        }

        if (!initialized)
        {
            InitDb(bin, stateDirectory, dataDirectory, password, forTests);
        }

        List<string> arguments =
        [
            "-D", dataDirectory,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={socketDirectory}",
            "-c", "unix_socket_permissions=0700",
            "-c", $"max_connections={(forTests ? 500 : 200)}",
        ];
        if (forTests)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        var (fileName, commandArguments) = AsServerUser(Path.Combine(bin, "postgres"), arguments);
        var command = new ServerCommand(fileName, commandArguments, new Dictionary<string, string>(), stateDirectory);
        return new LocalPostgresServer(command, port, Username, password);
    }

    private static void InitDb(string bin, string stateDirectory, string dataDirectory, string password, bool forTests)
    {
        // initdb runs as the postgres user, which cannot read our private password file.
        var passwordFile = Path.Combine(stateDirectory, "initdb-password");
        Unix.WritePrivate(passwordFile, password);
        try
        {
            if (Unix.IsRoot)
            {
                Unix.Chown(OsUser, passwordFile);
            }

            List<string> arguments =
            [
                "-D", dataDirectory,
                "-U", Username,
                $"--pwfile={passwordFile}",
                "--auth-host=scram-sha-256",
                // Only the server's user may open the socket (unix_socket_permissions=0700).
                "--auth-local=trust",
                "-E", "UTF8",
                "--no-locale",
                "--no-instructions",
            ];
            if (forTests)
            {
                arguments.Add("--no-sync");
            }

            var (fileName, initdbArguments) = AsServerUser(Path.Combine(bin, "initdb"), arguments);
            Unix.Run(fileName, initdbArguments, stateDirectory);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>PostgreSQL refuses to run as root: then it runs as the postgres user.</summary>
    private static (string FileName, string[] Arguments) AsServerUser(string fileName, IEnumerable<string> arguments) =>
        Unix.IsRoot
            ? (Unix.Setpriv, [$"--reuid={OsUser}", $"--regid={OsUser}", "--init-groups", "--", fileName, .. arguments])
            : (fileName, [.. arguments]);

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : null;

    private static string? FindBinDirectory()
    {
        static bool HasServer(string dir) =>
            File.Exists(Path.Combine(dir, "postgres")) && File.Exists(Path.Combine(dir, "initdb"));

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: ParseVersion(Path.GetFileName(dir))))
                .Where(x => x.version is not null && HasServer(Path.Combine(x.dir, "bin")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = Unix.Which("postgres");
        return onPath is not null && HasServer(Path.GetDirectoryName(onPath)!) ? Path.GetDirectoryName(onPath) : null;
    }
}

public sealed record LocalPostgresServer(ServerCommand Command, int Port, string Username, string Password)
{
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Username,
        Password = Password,
        Database = database,
    }.ConnectionString;
}
