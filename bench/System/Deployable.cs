namespace Clearhours.Bench.System;

/// <summary>
/// One of the six processes a deployment runs (each a Deployment in deploy/kubernetes), and the GET through the
/// gateway that shows it answers: an API call that reads the service's database, with a staff token.
/// </summary>
internal sealed record Deployable(string Name, string Folder, string Assembly, string Probe)
{
    public static readonly IReadOnlyList<Deployable> All =
    [
        new("Tasks", "src/Services/Tasks", "Clearhours.Tasks", "/api/tasks/statuses"),
        new("Reporting", "src/Services/Reporting", "Clearhours.Reporting", "/api/reports/board"),
        new("Billing", "src/Services/Billing", "Clearhours.Billing", "/api/invoices"),
        new("Documents", "src/Services/Documents", "Clearhours.Documents", "/api/agency"),
        new("Gateway", "src/Gateway", "Clearhours.Gateway", "/health"),
        new("Web", "src/Web", "Clearhours.Web", "/"),
    ];

    /// <summary>
    /// Whether the command line runs this project's build under <paramref name="root"/>: its program or its dll. DCP
    /// starts the services detached, so they are found by what they run, not as children of the AppHost; a `dotnet run`
    /// of the project names its .csproj and is not the service itself.
    /// </summary>
    public bool IsRunBy(IReadOnlyList<string> commandLine, string root) =>
        commandLine.Take(2).Any(argument =>
            argument.StartsWith($"{root}/{Folder}/bin/", StringComparison.Ordinal)
            && Path.GetFileName(argument) is var file
            && (file == Assembly || file == $"{Assembly}.dll"));
}
