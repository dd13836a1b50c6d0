using Clearhours.AppHost;

namespace Clearhours.EndToEnd.Tests;

/// <summary>Which build the AppHost launches in place of `dotnet run --no-build` (AppHost/BuiltExecutables.cs).</summary>
public sealed class BuiltExecutablesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("clearhours-built-").FullName;

    [Fact]
    public void The_build_of_the_AppHosts_configuration_and_framework_is_launched()
    {
        var project = Project("Clearhours.Tasks", ("bin/Release/net10.0", true), ("bin/Debug/net10.0", true));

        Assert.Equal(Path.Combine(_root, "Tasks", "bin", "Release", "net10.0", "Clearhours.Tasks"),
            BuiltExecutables.BuiltExecutable(project, "Release", new Version(10, 0)));
        Assert.Equal(Path.Combine(_root, "Tasks", "bin", "Debug", "net10.0", "Clearhours.Tasks"),
            BuiltExecutables.BuiltExecutable(project, "Debug", new Version(10, 0)));
    }

    [Fact]
    public void Without_that_build_it_is_left_to_dotnet_run()
    {
        var debugOnly = Project("Clearhours.Tasks", ("bin/Debug/net10.0", true));
        Assert.Null(BuiltExecutables.BuiltExecutable(debugOnly, "Release", new Version(10, 0)));
        Assert.Null(BuiltExecutables.BuiltExecutable(debugOnly, "Debug", new Version(9, 0)));
        Assert.Null(BuiltExecutables.BuiltExecutable(debugOnly, "", new Version(10, 0)));
    }

    [Fact]
    public void An_executable_without_its_assembly_beside_it_is_not_launched()
    {
        var project = Project("Clearhours.Tasks", ("bin/Release/net10.0", false));
        Assert.Null(BuiltExecutables.BuiltExecutable(project, "Release", new Version(10, 0)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Tasks/Clearhours.Tasks.csproj with these output folders, each with the native launcher and, or not, the assembly.</summary>
    private string Project(string name, params (string Folder, bool WithAssembly)[] outputs)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "Tasks")).FullName;
        var project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk.Web\" />");
        foreach (var (output, withAssembly) in outputs)
        {
            var directory = Directory.CreateDirectory(Path.Combine(folder, output)).FullName;
            File.WriteAllText(Path.Combine(directory, name + (OperatingSystem.IsWindows() ? ".exe" : "")), "");
            if (withAssembly)
            {
                File.WriteAllText(Path.Combine(directory, name + ".dll"), "");
            }
        }

        return project;
    }
}
