using Microsoft.Playwright;

namespace Clearhours.EndToEnd.Tests.Browser;

/// <summary>
/// Full-page screenshots in the test output (TestResults/screenshots), and also in the folder that
/// CLEARHOURS_SCREENSHOTS names (relative to the repository, e.g. docs/screenshots), so the current ones can be committed.
/// </summary>
public static class Screenshots
{
    public const string FolderVariable = "CLEARHOURS_SCREENSHOTS";

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task TakeAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });

        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } copyTo)
        {
            var folder = Path.IsPathRooted(copyTo) ? copyTo : Path.Combine(RepositoryRoot(), copyTo);
            Directory.CreateDirectory(folder);
            File.Copy(path, Path.Combine(folder, $"{name}.png"), overwrite: true);
        }
    }

    /// <summary>The folder holding Microservices.sln, above the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Microservices.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Microservices.sln above {AppContext.BaseDirectory}");
    }
}
