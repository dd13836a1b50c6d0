using System.Xml.Linq;

namespace Clearhours.Web.Tests;

/// <summary>Every text exists in both languages: a key in Russian (the default) without its English twin, or the other way, fails.</summary>
public sealed class ResourceTests
{
    public static TheoryData<string> Resources() =>
        [.. Directory.GetFiles(Path.Combine(SourceRoot(), "src", "Web", "Resources"), "*.resx")
            .Where(f => !f.EndsWith(".en.resx"))
            .Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Resources))]
    public void Russian_and_english_texts_have_the_same_keys_and_none_is_empty(string file)
    {
        var russian = Texts(Path.Combine(SourceRoot(), "src", "Web", "Resources", file));
        var english = Texts(Path.Combine(SourceRoot(), "src", "Web", "Resources", file.Replace(".resx", ".en.resx")));

        Assert.Empty(russian.Keys.Except(english.Keys));
        Assert.Empty(english.Keys.Except(russian.Keys));
        Assert.DoesNotContain(russian.Concat(english), text => string.IsNullOrWhiteSpace(text.Value));
    }

    private static Dictionary<string, string> Texts(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "");

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Microservices.sln not found above the test's directory");
    }
}
