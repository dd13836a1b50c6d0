using System.Text;
using YamlDotNet.RepresentationModel;

namespace Clearhours.Deploy.Tests;

/// <summary>
/// What `kustomize build` makes of a folder, for the part of kustomize these manifests use: resources (files and
/// folders), namespace, images, replicas, configMapGenerator and secretGenerator (literals and files; create, merge),
/// and strategic-merge patches. Anything else in a kustomization.yaml is refused, so the overlays stay within what this
/// check follows. Generated names keep no hash suffix (kustomize adds one and rewrites the references with it), and a
/// generated Secret's values stay empty: its files are not in git.
/// </summary>
public static class Kustomization
{
    private static readonly HashSet<string> Supported =
        ["apiVersion", "kind", "namespace", "resources", "images", "replicas", "configMapGenerator", "secretGenerator", "patches"];

    /// <summary>Merge keys of the strategic merge for the lists these manifests patch; any other list is replaced.</summary>
    private static readonly Dictionary<string, string> MergeKeys = new()
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
    };

    public static List<YamlMappingNode> Build(string folder)
    {
        var kustomization = Yaml.LoadOne(Path.Combine(folder, "kustomization.yaml"));
        foreach (var key in kustomization.Children.Keys.Select(Yaml.Text))
        {
            if (!Supported.Contains(key))
            {
                throw new InvalidOperationException($"{folder}/kustomization.yaml: '{key}' is beyond what this check follows.");
            }
        }

        var documents = new List<YamlMappingNode>();
        foreach (var resource in Yaml.Strings(kustomization, "resources"))
        {
            var path = Path.GetFullPath(Path.Combine(folder, resource));
            documents.AddRange(Directory.Exists(path) ? Build(path) : Yaml.LoadAll(path));
        }

        Generate(folder, kustomization, "configMapGenerator", "ConfigMap", documents);
        Generate(folder, kustomization, "secretGenerator", "Secret", documents);
        foreach (var patch in Yaml.Mappings(kustomization, "patches"))
        {
            ApplyPatch(folder, patch, documents);
        }

        if (Yaml.Find(kustomization, "namespace") is { } ns)
        {
            foreach (var document in documents)
            {
                Yaml.Mapping(document, "metadata").Children[new YamlScalarNode("namespace")] = new YamlScalarNode(Yaml.Text(ns));
            }
        }

        foreach (var image in Yaml.Mappings(kustomization, "images"))
        {
            SetImage(documents, Yaml.Text(image["name"]), Yaml.Text(image["newName"]), Yaml.Text(image["newTag"]));
        }

        foreach (var replicas in Yaml.Mappings(kustomization, "replicas"))
        {
            var deployment = documents.SingleOrDefault(d => Yaml.Kind(d) == "Deployment" && Yaml.Name(d) == Yaml.Text(replicas["name"]))
                ?? throw new InvalidOperationException($"{folder}: replicas of Deployment {Yaml.Text(replicas["name"])}, which is not there.");
            Yaml.Mapping(deployment, "spec").Children[new YamlScalarNode("replicas")] = new YamlScalarNode(Yaml.Text(replicas["count"]));
        }

        return documents;
    }

    /// <summary>The keys each generator of a kustomization.yaml takes from files: (generator kind, name, key, file).</summary>
    public static IEnumerable<(string Generator, string Name, string Key, string File)> GeneratorFiles(string folder)
    {
        var kustomization = Yaml.LoadOne(Path.Combine(folder, "kustomization.yaml"));
        foreach (var generator in new[] { "configMapGenerator", "secretGenerator" })
        {
            foreach (var entry in Yaml.Mappings(kustomization, generator))
            {
                foreach (var file in Yaml.Strings(entry, "files"))
                {
                    var (key, path) = Split(file);
                    yield return (generator, Yaml.Text(entry["name"]), key, path);
                }
            }
        }
    }

    /// <summary>The keys of each generator entry given as literals: (generator kind, name, key).</summary>
    public static IEnumerable<(string Generator, string Name, string Key)> GeneratorLiterals(string folder)
    {
        var kustomization = Yaml.LoadOne(Path.Combine(folder, "kustomization.yaml"));
        foreach (var generator in new[] { "configMapGenerator", "secretGenerator" })
        {
            foreach (var entry in Yaml.Mappings(kustomization, generator))
            {
                foreach (var literal in Yaml.Strings(entry, "literals"))
                {
                    yield return (generator, Yaml.Text(entry["name"]), Split(literal).Key);
                }
            }
        }
    }

    private static void Generate(string folder, YamlMappingNode kustomization, string generator, string kind, List<YamlMappingNode> documents)
    {
        foreach (var entry in Yaml.Mappings(kustomization, generator))
        {
            var unknown = entry.Children.Keys.Select(Yaml.Text).Except(["name", "behavior", "literals", "files"]).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"{folder}: {generator} '{string.Join(", ", unknown)}' is beyond what this check follows.");
            }

            var name = Yaml.Text(entry["name"]);
            var data = new YamlMappingNode();
            foreach (var literal in Yaml.Strings(entry, "literals"))
            {
                var (key, value) = Split(literal);
                data.Add(key, kind == "Secret" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) : value);
            }

            foreach (var file in Yaml.Strings(entry, "files"))
            {
                var (key, _) = Split(file);
                data.Add(key, ""); // the file holds the value; it is not in git, so here it is empty
            }

            var behavior = Yaml.Find(entry, "behavior") is { } given ? Yaml.Text(given) : "create";
            var existing = documents.SingleOrDefault(d => Yaml.Kind(d) == kind && Yaml.Name(d) == name);
            switch (behavior)
            {
                case "create" when existing is null:
                    var document = new YamlMappingNode { { "apiVersion", "v1" }, { "kind", kind }, { "metadata", new YamlMappingNode { { "name", name } } } };
                    if (kind == "Secret")
                    {
                        document.Add("type", "Opaque");
                    }

                    document.Add("data", data);
                    documents.Add(document);
                    break;
                case "merge" when existing is not null:
                    var merged = (YamlMappingNode)existing["data"];
                    foreach (var (key, value) in data.Children)
                    {
                        merged.Children[key] = value;
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{folder}: {generator} {name} with behavior {behavior} (exists: {existing is not null}).");
            }
        }
    }

    private static void ApplyPatch(string folder, YamlMappingNode entry, List<YamlMappingNode> documents)
    {
        if (entry.Children.Keys.Select(Yaml.Text).Except(["path", "patch"]).FirstOrDefault() is { } unknown)
        {
            throw new InvalidOperationException($"{folder}: patches '{unknown}' (only strategic-merge patches by path or inline) is beyond what this check follows.");
        }

        var patch = Yaml.Find(entry, "path") is { } path
            ? Yaml.LoadOne(Path.Combine(folder, Yaml.Text(path)))
            : Yaml.Parse(Yaml.Text(entry["patch"])).Single();
        var target = documents.SingleOrDefault(d => Yaml.Kind(d) == Yaml.Kind(patch) && Yaml.Name(d) == Yaml.Name(patch))
            ?? throw new InvalidOperationException($"{folder}: a patch for {Yaml.Kind(patch)} {Yaml.Name(patch)}, which is not there.");
        Merge(target, patch);
    }

    private static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (keyNode, value) in patch.Children)
        {
            var key = Yaml.Text(keyNode);
            var current = Yaml.Find(target, key);
            if (current is YamlMappingNode currentMapping && value is YamlMappingNode patchMapping)
            {
                Merge(currentMapping, patchMapping);
            }
            else if (current is YamlSequenceNode currentList && value is YamlSequenceNode patchList && MergeKeys.TryGetValue(key, out var mergeKey))
            {
                foreach (var item in patchList.Children.Cast<YamlMappingNode>())
                {
                    var match = currentList.Children.Cast<YamlMappingNode>()
                        .FirstOrDefault(existing => Yaml.Text(existing[mergeKey]) == Yaml.Text(item[mergeKey]));
                    if (match is null)
                    {
                        currentList.Add(item);
                    }
                    else
                    {
                        Merge(match, item);
                    }
                }
            }
            else
            {
                target.Children[new YamlScalarNode(key)] = value;
            }
        }
    }

    private static void SetImage(List<YamlMappingNode> documents, string name, string newName, string newTag)
    {
        foreach (var container in documents.SelectMany(Workloads.Containers))
        {
            var image = Yaml.Text(container["image"]);
            if (image == name || image.StartsWith(name + ":", StringComparison.Ordinal))
            {
                container.Children[new YamlScalarNode("image")] = new YamlScalarNode($"{newName}:{newTag}");
            }
        }
    }

    private static (string Key, string Value) Split(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (Path.GetFileName(pair), pair) : (pair[..equals], pair[(equals + 1)..]);
    }
}
