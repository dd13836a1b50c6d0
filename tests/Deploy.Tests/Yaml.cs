using YamlDotNet.RepresentationModel;

namespace Clearhours.Deploy.Tests;

/// <summary>Reading YAML nodes without ceremony.</summary>
public static class Yaml
{
    public static List<YamlMappingNode> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static List<YamlMappingNode> LoadAll(string path) => Parse(File.ReadAllText(path));

    public static YamlMappingNode LoadOne(string path) => LoadAll(path).Single();

    public static string Write(YamlMappingNode document)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    public static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    public static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>The node at a path of keys, or null where one is missing.</summary>
    public static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || Find(mapping, key) is not { } next)
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    public static string? TextAt(YamlNode node, params string[] path) => At(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlMappingNode Mapping(YamlMappingNode mapping, string key) => (YamlMappingNode)mapping[key];

    public static IEnumerable<YamlMappingNode> Mappings(YamlNode node, params string[] path) =>
        At(node, path) is YamlSequenceNode list ? list.Children.Cast<YamlMappingNode>() : [];

    public static IEnumerable<string> Strings(YamlNode node, params string[] path) =>
        At(node, path) is YamlSequenceNode list ? list.Children.Select(Text) : [];

    public static string Kind(YamlMappingNode document) => TextAt(document, "kind") ?? "";

    public static string Name(YamlMappingNode document) => TextAt(document, "metadata", "name") ?? "";
}

/// <summary>The pods of Deployments and Jobs.</summary>
public static class Workloads
{
    public static YamlMappingNode? PodSpec(YamlMappingNode document) =>
        Yaml.Kind(document) is "Deployment" or "Job" ? Yaml.At(document, "spec", "template", "spec") as YamlMappingNode : null;

    public static IEnumerable<YamlMappingNode> Containers(YamlMappingNode document) =>
        PodSpec(document) is { } pod ? [.. Yaml.Mappings(pod, "initContainers"), .. Yaml.Mappings(pod, "containers")] : [];

    /// <summary>The Deployment's own container: the one named as the Deployment.</summary>
    public static YamlMappingNode MainContainer(YamlMappingNode deployment) =>
        Yaml.Mappings(PodSpec(deployment)!, "containers").Single(c => Yaml.TextAt(c, "name") == Yaml.Name(deployment));

    /// <summary>
    /// The environment a container gets, as Kubernetes builds it: envFrom in order (a later source wins), then env.
    /// Values from Secrets are the Secret's name and key, never a value.
    /// </summary>
    public static Dictionary<string, string> Environment(YamlMappingNode container, IReadOnlyList<YamlMappingNode> documents)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Yaml.Mappings(container, "envFrom"))
        {
            var (kind, name) = Yaml.TextAt(source, "configMapRef", "name") is { } configMap
                ? ("ConfigMap", configMap)
                : ("Secret", Yaml.TextAt(source, "secretRef", "name") ?? throw new InvalidOperationException("envFrom without a source"));
            var found = documents.SingleOrDefault(d => Yaml.Kind(d) == kind && Yaml.Name(d) == name)
                ?? throw new InvalidOperationException($"{Yaml.TextAt(container, "name")}: envFrom {kind} {name}, which the overlay does not make.");
            var data = Yaml.At(found, "data") as YamlMappingNode ?? [];
            foreach (var (key, value) in data.Children)
            {
                environment[Yaml.Text(key)] = kind == "Secret" ? $"secret:{name}/{Yaml.Text(key)}" : Yaml.Text(value);
            }
        }

        foreach (var variable in Yaml.Mappings(container, "env"))
        {
            environment[Yaml.TextAt(variable, "name")!] = Yaml.TextAt(variable, "value")
                ?? (Yaml.TextAt(variable, "valueFrom", "secretKeyRef", "name") is { } secret
                    ? $"secret:{secret}/{Yaml.TextAt(variable, "valueFrom", "secretKeyRef", "key")}"
                    : "from:" + Yaml.Write((YamlMappingNode)Yaml.At(variable, "valueFrom")!));
        }

        return environment;
    }
}

/// <summary>Files of this checkout.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Microservices.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
    }
}
