using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using YamlDotNet.RepresentationModel;

namespace Clearhours.Deploy.Tests;

/// <summary>
/// deploy/kubernetes as a cluster would get it from `kubectl apply -k deploy/kubernetes/overlays/{overlay}`, checked
/// against the Kubernetes API's models and against the code it deploys.
/// </summary>
public sealed partial class ManifestTests
{
    public const string Deploy = "deploy/kubernetes";

    public static TheoryData<string> Overlays => ["production", "staging"];

    private static readonly string[] Scaled = ["gateway", "reporting-api", "billing-api"];

    private static List<YamlMappingNode> Render(string overlay) => Kustomization.Build(Repository.PathOf($"{Deploy}/overlays/{overlay}"));

    private static IEnumerable<YamlMappingNode> OfKind(List<YamlMappingNode> documents, string kind) =>
        documents.Where(d => Yaml.Kind(d) == kind);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_document_is_a_valid_Kubernetes_object(string overlay)
    {
        var documents = Render(overlay);
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            // The client's typed models, with unknown fields refused: a misspelt or misplaced field, a wrong apiVersion
            // or kind, a value of the wrong type all fail here.
            var text = Yaml.Write(document);
            var loaded = KubernetesYaml.LoadAllFromString(text, strict: true);
            Assert.True(loaded.Count == 1, text);
            Assert.False(string.IsNullOrEmpty(Yaml.Name(document)), text);
            foreach (var container in Workloads.Containers(document))
            {
                Assert.False(string.IsNullOrEmpty(Yaml.TextAt(container, "name")), text);
                Assert.False(string.IsNullOrEmpty(Yaml.TextAt(container, "image")), text);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_AppHost_service_has_a_Deployment_of_its_own_image(string overlay)
    {
        var documents = Render(overlay);
        var props = Repository.Read("Directory.Build.props");
        var tag = Regex.Match(props, "<ClearhoursImageTag>([^<]+)<").Groups[1].Value;
        var projects = AppHostProject().Matches(Repository.Read("AppHost/AppHost.cs"))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["project"].Value.Replace('_', '.'));
        Assert.Equal(6, projects.Count);

        var deployments = OfKind(documents, "Deployment").ToDictionary(Yaml.Name);
        Assert.Equal(projects.Keys.Order(), deployments.Keys.Order());
        foreach (var (name, project) in projects)
        {
            var repository = Regex.Match(props, $"'\\$\\(MSBuildProjectName\\)' == '{Regex.Escape(project)}'\">([^<]+)<").Groups[1].Value;
            Assert.False(repository.Length == 0, $"{project} has no ContainerRepository in Directory.Build.props");
            foreach (var container in Workloads.Containers(deployments[name]))
            {
                var image = Yaml.TextAt(container, "image")!;
                Assert.True(image.EndsWith($"/{repository}:{tag}", StringComparison.Ordinal),
                    $"{name}: image {image}, but the project publishes {repository}:{tag}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_probe_path_is_mapped_by_the_service(string overlay)
    {
        var defaults = Repository.Read("ServiceDefaults/Extensions.cs");
        var health = Regex.Match(defaults, "HealthEndpointPath = \"([^\"]+)\"").Groups[1].Value;
        var alive = Regex.Match(defaults, "AlivenessEndpointPath = \"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("app.MapHealthChecks(HealthEndpointPath)", defaults);
        Assert.Contains("app.MapHealthChecks(AlivenessEndpointPath", defaults);

        foreach (var deployment in OfKind(Render(overlay), "Deployment"))
        {
            var name = Yaml.Name(deployment);
            Assert.Contains("app.MapDefaultEndpoints();", Repository.Read(ProgramOf(name)));
            var container = Workloads.MainContainer(deployment);
            var ports = Yaml.Mappings(container, "ports").Select(port => Yaml.TextAt(port, "name")).ToList();
            foreach (var (probe, path) in new[] { ("readinessProbe", health), ("livenessProbe", alive), ("startupProbe", alive) })
            {
                Assert.True(Yaml.TextAt(container, probe, "httpGet", "path") == path, $"{name}: {probe} is not on {path}");
                Assert.Contains(Yaml.TextAt(container, probe, "httpGet", "port"), ports);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_Deployment_is_replicated_bounded_and_locked_down(string overlay)
    {
        var documents = Render(overlay);
        foreach (var deployment in OfKind(documents, "Deployment"))
        {
            var name = Yaml.Name(deployment);
            Assert.True(int.Parse(Yaml.TextAt(deployment, "spec", "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2, $"{name}: fewer than two replicas");
            var labels = (YamlMappingNode)Yaml.At(deployment, "spec", "template", "metadata", "labels")!;
            Assert.Single(OfKind(documents, "PodDisruptionBudget"), pdb => Selects(pdb, labels));

            var hpa = OfKind(documents, "HorizontalPodAutoscaler").SingleOrDefault(h => Yaml.TextAt(h, "spec", "scaleTargetRef", "name") == name);
            Assert.Equal(Scaled.Contains(name), hpa is not null);
            if (hpa is not null)
            {
                Assert.Equal("Deployment", Yaml.TextAt(hpa, "spec", "scaleTargetRef", "kind"));
                Assert.Equal("cpu", Yaml.TextAt(Yaml.Mappings(hpa, "spec", "metrics").Single(), "resource", "name"));
                Assert.True(int.Parse(Yaml.TextAt(hpa, "spec", "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
            }
        }

        foreach (var workload in documents.Where(d => Workloads.PodSpec(d) is not null))
        {
            var pod = Workloads.PodSpec(workload)!;
            var name = $"{Yaml.Kind(workload)} {Yaml.Name(workload)}";
            Assert.True(Yaml.TextAt(pod, "securityContext", "runAsNonRoot") == "true", $"{name}: may run as root");
            var tmp = Yaml.Mappings(pod, "volumes").Single(v => Yaml.TextAt(v, "name") == "tmp");
            Assert.NotNull(Yaml.At(tmp, "emptyDir"));
            foreach (var container in Workloads.Containers(workload))
            {
                var where = $"{name}, container {Yaml.TextAt(container, "name")}";
                Assert.True(Yaml.TextAt(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{where}: writable root");
                Assert.True(Yaml.TextAt(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{where}: may escalate");
                Assert.Contains("ALL", Yaml.Strings(container, "securityContext", "capabilities", "drop"));
                Assert.Contains(Yaml.Mappings(container, "volumeMounts"), m => Yaml.TextAt(m, "name") == "tmp" && Yaml.TextAt(m, "mountPath") == "/tmp");
                foreach (var bound in new[] { "requests", "limits" })
                {
                    foreach (var resource in new[] { "cpu", "memory" })
                    {
                        Assert.False(Yaml.TextAt(container, "resources", bound, resource) is null, $"{where}: no {resource} {bound}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_configuration_key_a_service_reads_is_provided_and_nothing_else(string overlay)
    {
        var documents = Render(overlay);
        foreach (var deployment in OfKind(documents, "Deployment"))
        {
            var name = Yaml.Name(deployment);
            var settings = ConfigurationKeys.ByService[name];
            var environment = Workloads.Environment(Workloads.MainContainer(deployment), documents);
            foreach (var setting in settings.Where(s => s.Required))
            {
                Assert.True(environment.Keys.Any(setting.Matches), $"{overlay}: {name} reads {setting.Key} ({setting.ReadIn}), which it is not given");
            }

            foreach (var (key, value) in environment)
            {
                var setting = settings.FirstOrDefault(s => s.Matches(key));
                Assert.True(setting is not null, $"{overlay}: {name} is given {key}, which ConfigurationKeys does not list as read by it");
                Assert.True(!setting.Secret || value.StartsWith("secret:", StringComparison.Ordinal),
                    $"{overlay}: {name} gets the secret {key} from somewhere else than a Secret");
            }
        }
    }

    [Fact]
    public void Every_listed_key_is_read_where_the_list_says()
    {
        foreach (var setting in ConfigurationKeys.ByService.Values.SelectMany(s => s).Distinct())
        {
            Assert.True(Repository.Read(setting.ReadIn).Contains(setting.Text, StringComparison.Ordinal),
                $"{setting.Key}: {setting.ReadIn} no longer contains {setting.Text}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Migrations_run_in_a_Job_per_database_and_the_pods_wait_for_them(string overlay)
    {
        var documents = Render(overlay);
        foreach (var deployment in OfKind(documents, "Deployment").Where(d => Yaml.Name(d).EndsWith("-api", StringComparison.Ordinal)))
        {
            var name = Yaml.Name(deployment);
            var database = ConfigurationKeys.ByService[name].Single(s => s.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && !s.Key.EndsWith("messaging", StringComparison.Ordinal)).Key;
            Assert.Equal("Skip", Workloads.Environment(Workloads.MainContainer(deployment), documents)["Database__Migrations"]);
            var wait = Yaml.Mappings(Workloads.PodSpec(deployment)!, "initContainers").Single();
            Assert.Equal("Wait", Workloads.Environment(wait, documents)["Database__Migrations"]);
            Assert.Equal(Yaml.TextAt(Workloads.MainContainer(deployment), "image"), Yaml.TextAt(wait, "image"));

            var job = OfKind(documents, "Job").Single(j => Yaml.Name(j) == $"{name}-migrate");
            var migrate = Workloads.Containers(job).Single();
            var environment = Workloads.Environment(migrate, documents);
            Assert.Equal("Only", environment["Database__Migrations"]);
            Assert.Equal($"secret:{name}-migrate/{database}", environment[database]); // the owner, not the service's user
            Assert.Equal(Yaml.TextAt(Workloads.MainContainer(deployment), "image"), Yaml.TextAt(migrate, "image"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_gateways_clusters_and_the_services_addresses_are_Services(string overlay)
    {
        var documents = Render(overlay);
        using var gatewaySettings = JsonDocument.Parse(Repository.Read("src/Gateway/appsettings.json"));
        var proxy = gatewaySettings.RootElement.GetProperty("ReverseProxy");
        var clusters = proxy.GetProperty("Clusters").EnumerateObject().ToDictionary(c => c.Name, c => c.Value);
        foreach (var route in proxy.GetProperty("Routes").EnumerateObject())
        {
            Assert.True(clusters.ContainsKey(route.Value.GetProperty("ClusterId").GetString()!), $"route {route.Name}: no cluster");
        }

        var gateway = Workloads.Environment(Workloads.MainContainer(OfKind(documents, "Deployment").Single(d => Yaml.Name(d) == "gateway")), documents);
        foreach (var (cluster, settings) in clusters)
        {
            foreach (var destination in settings.GetProperty("Destinations").EnumerateObject())
            {
                // Service discovery resolves the host name of the address through services__{name}__http__0.
                var host = new Uri(destination.Value.GetProperty("Address").GetString()!).Host;
                Assert.True(gateway.TryGetValue($"services__{host}__http__0", out var address), $"cluster {cluster}: the gateway is not told where {host} is");
                AssertService(documents, address, host);
            }
        }

        var documentsApi = Workloads.Environment(Workloads.MainContainer(OfKind(documents, "Deployment").Single(d => Yaml.Name(d) == "documents-api")), documents);
        AssertService(documents, documentsApi["services__reporting-api__http__0"], "reporting-api");
        var web = Workloads.Environment(Workloads.MainContainer(OfKind(documents, "Deployment").Single(d => Yaml.Name(d) == "web")), documents);
        AssertService(documents, web["Gateway__Url"], "gateway");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Only_the_gateway_is_public_with_TLS_and_it_trusts_only_the_ingress(string overlay)
    {
        var documents = Render(overlay);
        var ingress = Assert.Single(OfKind(documents, "Ingress"));
        var backends = Yaml.Mappings(ingress, "spec", "rules").SelectMany(rule => Yaml.Mappings(rule, "http", "paths"))
            .Select(path => Yaml.TextAt(path, "backend", "service", "name")).Distinct();
        Assert.Equal(["gateway"], backends);
        var hosts = Yaml.Mappings(ingress, "spec", "rules").Select(rule => Yaml.TextAt(rule, "host")).ToList();
        Assert.DoesNotContain(null, hosts);
        var tls = Assert.Single(Yaml.Mappings(ingress, "spec", "tls"));
        Assert.False(string.IsNullOrEmpty(Yaml.TextAt(tls, "secretName")));
        Assert.Equal(hosts.Order(), Yaml.Strings(tls, "hosts").Order());

        // The gateway believes X-Forwarded-For from the pod network, and only the ingress controller's namespace and
        // the web app may reach it there.
        var gateway = Workloads.Environment(Workloads.MainContainer(OfKind(documents, "Deployment").Single(d => Yaml.Name(d) == "gateway")), documents);
        Assert.Contains(gateway.Keys, key => key.StartsWith("ForwardedHeaders__Known", StringComparison.Ordinal));
        var policy = OfKind(documents, "NetworkPolicy").Single(p => Yaml.TextAt(p, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name") == "gateway");
        var from = Yaml.Mappings(policy, "spec", "ingress").SelectMany(rule => Yaml.Mappings(rule, "from")).ToList();
        Assert.Equal(2, from.Count);
        Assert.Single(from, peer => Yaml.At(peer, "namespaceSelector", "matchLabels") is YamlMappingNode { Children.Count: > 0 } && Yaml.At(peer, "podSelector") is null);
        Assert.Single(from, peer => Yaml.TextAt(peer, "podSelector", "matchLabels", "app.kubernetes.io/name") == "web" && Yaml.At(peer, "namespaceSelector") is null);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void No_secret_value_is_in_git(string overlay)
    {
        var folders = new[] { $"{Deploy}/base", $"{Deploy}/overlays/{overlay}" };
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Repository.PathOf(folder), "*.yaml", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(Yaml.LoadAll(file), document => Yaml.Kind(document) == "Secret");
            }

            Assert.DoesNotContain(Kustomization.GeneratorLiterals(Repository.PathOf(folder)), literal => literal.Generator == "secretGenerator");
            foreach (var (_, name, key, file) in Kustomization.GeneratorFiles(Repository.PathOf(folder)))
            {
                var path = Path.Combine(folder, file);
                Assert.True(Git("check-ignore", "-q", path).ExitCode == 0, $"{name}/{key}: {path} is not ignored by git");
            }
        }

        var tracked = Git("ls-files", Deploy).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(tracked, file => file.Contains("/secrets/", StringComparison.Ordinal) && !file.EndsWith("/secrets/README.md", StringComparison.Ordinal));

        // No secret in a ConfigMap (even one a Secret overrides) nor in a plain env value, in any container.
        var documents = Render(overlay);
        var secretKeys = ConfigurationKeys.ByService.Values.SelectMany(s => s).Where(s => s.Secret).ToList();
        foreach (var configMap in OfKind(documents, "ConfigMap"))
        {
            var data = Yaml.At(configMap, "data") as YamlMappingNode ?? [];
            foreach (var key in data.Children.Keys.Select(Yaml.Text))
            {
                Assert.False(secretKeys.Any(s => s.Matches(key)), $"ConfigMap {Yaml.Name(configMap)} holds the secret {key}");
            }
        }

        foreach (var container in documents.SelectMany(Workloads.Containers))
        {
            foreach (var (key, value) in Workloads.Environment(container, documents))
            {
                Assert.True(!secretKeys.Any(s => s.Matches(key)) || value.StartsWith("secret:", StringComparison.Ordinal),
                    $"{Yaml.TextAt(container, "name")}: {key} comes from somewhere else than a Secret");
            }
        }
    }

    private static void AssertService(List<YamlMappingNode> documents, string address, string expectedName)
    {
        var uri = new Uri(address);
        Assert.Equal(expectedName, uri.Host);
        var service = documents.SingleOrDefault(d => Yaml.Kind(d) == "Service" && Yaml.Name(d) == uri.Host);
        Assert.True(service is not null, $"{address}: no Service {uri.Host}");
        var port = Yaml.Mappings(service, "spec", "ports").SingleOrDefault(p => Yaml.TextAt(p, "port") == uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(port is not null, $"{address}: Service {uri.Host} has no port {uri.Port}");
        var selector = (YamlMappingNode)Yaml.At(service, "spec", "selector")!;
        var target = Assert.Single(OfKind(documents, "Deployment"), d => Matches(selector, (YamlMappingNode)Yaml.At(d, "spec", "template", "metadata", "labels")!));
        Assert.Contains(Yaml.Mappings(Workloads.MainContainer(target), "ports"), p => Yaml.TextAt(p, "name") == Yaml.TextAt(port, "targetPort"));
    }

    private static bool Selects(YamlMappingNode selecting, YamlMappingNode labels) =>
        Yaml.At(selecting, "spec", "selector", "matchLabels") is YamlMappingNode matchLabels && Matches(matchLabels, labels);

    private static bool Matches(YamlMappingNode selector, YamlMappingNode labels) =>
        selector.Children.All(pair => Yaml.Find(labels, Yaml.Text(pair.Key)) is YamlScalarNode value && value.Value == Yaml.Text(pair.Value));

    private static string ProgramOf(string deployment) => deployment switch
    {
        "gateway" => "src/Gateway/Program.cs",
        "web" => "src/Web/Program.cs",
        _ => $"src/Services/{char.ToUpperInvariant(deployment[0])}{deployment[1..^4]}/Program.cs",
    };

    private static (int ExitCode, string Output) Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return (git.ExitCode, output);
    }

    [GeneratedRegex("""AddProject<Projects\.(?<project>\w+)>\("(?<name>[^"]+)"\)""")]
    private static partial Regex AppHostProject();
}
