using System.Collections.Immutable;
using Werkbank.Output;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets;

/// <summary>
/// The inventories that exercise the central-service targets, rendered once per run: the example,
/// every catalog service under docker compose (gateway kong), and every charted service on Kubernetes.
/// </summary>
public static class ServiceRenders
{
    private static readonly Lazy<ImmutableArray<OutputFile>> Docker = new(() => Render("services-docker"));
    private static readonly Lazy<ImmutableArray<OutputFile>> Kubernetes = new(() => Render("services-kubernetes"));

    public static TheoryData<string> Cases() => new("example", "services-docker", "services-kubernetes");

    public static ImmutableArray<OutputFile> Files(string name) => name switch
    {
        "example" => TestRender.ExampleFiles(),
        "services-docker" => Docker.Value,
        "services-kubernetes" => Kubernetes.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static string Inventory(string name) =>
        name == "example" ? Repo.ExampleInventory : Repo.Path("tests", "Baselines", name, "inventory");

    public static IEnumerable<OutputFile> Matching(string name, string prefix, string suffix) =>
        Files(name).Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.Path.EndsWith(suffix, StringComparison.Ordinal));

    public static YamlMappingNode Yaml(OutputFile file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(file.ContentAsText));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static IEnumerable<YamlMappingNode> YamlDocuments(OutputFile file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(file.ContentAsText));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    public static YamlMappingNode Map(this YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    public static YamlNode? Get(this YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string Text(this YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    /// <summary>The scalars of a sequence under <paramref name="key"/>, none when it is missing.</summary>
    public static IEnumerable<string> Strings(this YamlMappingNode node, string key) =>
        node.Get(key) is YamlSequenceNode list ? list.Children.Select(c => c.Text()) : [];

    /// <summary>The compose folder (compose/&lt;host&gt;) whose file runs <paramref name="container"/>, and that file's containers by name.</summary>
    public static (string Folder, Dictionary<string, YamlMappingNode> Containers) ComposeWith(IEnumerable<OutputFile> files, string container)
    {
        var compose = files.Where(f => f.Path.StartsWith("compose/", StringComparison.Ordinal) && f.Path.EndsWith("/docker-compose.yml", StringComparison.Ordinal))
            .Select(f => (Folder: f.Path[..f.Path.LastIndexOf('/')], Services: Yaml(f).Map("services")))
            .Single(f => f.Services.Get(container) is not null);
        return (compose.Folder, compose.Services.Children.ToDictionary(p => p.Key.Text(), p => (YamlMappingNode)p.Value, StringComparer.Ordinal));
    }

    private static ImmutableArray<OutputFile> Render(string name)
    {
        var build = TestRender.Build(Inventory(name));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return build.Files;
    }
}
