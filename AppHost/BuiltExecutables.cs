using System.Reflection;
using System.Runtime.Versioning;

namespace Clearhours.AppHost;

/// <summary>
/// Runs a project's built executable rather than Aspire's default `dotnet run --no-build` in front of it. Both run the
/// same build (the AppHost's build builds the projects it references first), but each `dotnet run` evaluates its
/// project with MSBuild before it launches anything, and stays resident beside its service: six of them at once took
/// about 7 s of a start on two cores and held 120–135 MB each (bench/README.md, System).
/// </summary>
public static class BuiltExecutables
{
    /// <summary>
    /// Launches <paramref name="project"/>'s build of the AppHost's own configuration and framework (what Aspire's
    /// `dotnet run --no-build --configuration …` runs), in the project's folder, as `dotnet run` does. Left to Aspire
    /// when that build is not there, under `dotnet watch` (which must rebuild it), and when an IDE's debug session runs
    /// the AppHost (the IDE launches the projects itself, under its debugger).
    /// </summary>
    public static IResourceBuilder<ProjectResource> LaunchBuilt(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var appHost = typeof(BuiltExecutables).Assembly;
        var executable = BuiltExecutable(projectPath,
            appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "",
            new FrameworkName(appHost.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? "").Version);
        var configuration = project.ApplicationBuilder.Configuration;
        var watched = configuration["DOTNET_WATCH"] is { } watch && (watch == "1" || watch.Equals("true", StringComparison.OrdinalIgnoreCase));
        var debugged = !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"]);
        if (executable is null || watched || debugged)
        {
            return project;
        }

        return project.WithAnnotation(
            new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(projectPath)! },
            ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>The project's executable where the SDK builds it (bin/Release/net10.0/Clearhours.Tasks); null when it is not there.</summary>
    public static string? BuiltExecutable(string projectPath, string configuration, Version framework)
    {
        if (configuration.Length == 0)
        {
            return null;
        }

        var name = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, $"net{framework.Major}.{framework.Minor}",
            Path.GetFileNameWithoutExtension(projectPath));
        var executable = name + (OperatingSystem.IsWindows() ? ".exe" : "");
        return File.Exists(executable) && File.Exists(name + ".dll") ? executable : null;
    }
}
