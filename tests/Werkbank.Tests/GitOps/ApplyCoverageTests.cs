using System.Text.RegularExpressions;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// Every part of out/ that configures a system reaches it after the merge: each is assigned to the apply
/// job that takes it there, and that job's commands (with the .ci/ scripts and out/ files they run, comments
/// left out) name it, or the compose files that job starts mount it. The DNS zone, the team namespaces and
/// the n8n workflows were rendered and checked for months with no step that applied them; a new part of
/// out/ fails here until it is assigned.
/// </summary>
public sealed partial class ApplyCoverageTests
{
    /// <summary>Which apply job takes each part of out/ to its system; null: for people, not a system.</summary>
    private static readonly Dictionary<string, string?> Applier = new(StringComparer.Ordinal)
    {
        ["README.md"] = null,
        ["manifest.json"] = null,
        ["reports"] = null,
        ["cloud-init"] = "apply:proxmox", // the playbook uploads the snippets
        ["proxmox"] = "apply:proxmox",
        ["compose"] = "apply:compose",
        ["traefik"] = "apply:compose", // mounted by the gateway's compose file
        ["tls"] = "apply:compose", // the internal CA, mounted by the compose files of services that call others over https
        ["kong"] = "apply:compose",
        ["guacamole"] = "apply:compose",
        ["supabase"] = "apply:compose",
        ["keycloak"] = "apply:keycloak",
        ["dns"] = "apply:dns",
        ["helm"] = "apply:helmfile",
        ["k8s"] = "apply:helmfile",
        ["n8n"] = "apply:helmfile", // where n8n runs on Kubernetes; deploy-compose runs the same script
        ["qdrant"] = "apply:qdrant",
        ["gitlab"] = "apply:gitlab",
    };

    private static readonly string[] ScriptKeys = ["before_script", "script"];

    [Fact]
    public void Should_Apply_Every_Part_Of_Out_That_Configures_A_System()
    {
        // The example and an inventory with every service under compose and the other gateway (kong/).
        var parts = TestRender.ExampleFiles().Concat(Targets.ServiceRenders.Files("services-docker"))
            .Select(f => f.Path.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("dns", parts);
        Assert.Contains("kong", parts);
        var unassigned = parts.Where(p => !Applier.ContainsKey(p)).ToList();
        Assert.True(unassigned.Count == 0, $"parts of out/ with no apply job assigned here: {string.Join(", ", unassigned)}");

        var mounts = string.Join('\n', Directory.GetFiles(Repo.Path("tests", "Baselines", "services-docker", "expected", "compose"), "docker-compose.yml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Repo.Path("out", "compose"), "docker-compose.yml", SearchOption.AllDirectories))
            .Select(File.ReadAllText));
        foreach (var part in parts.Where(p => Applier[p] is not null))
        {
            var job = Applier[part]!;
            var commands = Commands(job);
            var named = Regex.IsMatch(commands, $@"out/{Regex.Escape(part)}\b|\.\./{Regex.Escape(part)}/");
            var mounted = job == "apply:compose" && mounts.Contains($"\"../../{part}", StringComparison.Ordinal);
            Assert.True(named || mounted, $"out/{part}/: {job} does not take it anywhere");
        }
    }

    [Fact]
    public void Should_Follow_A_Job_Into_The_Scripts_It_Runs()
    {
        Assert.Contains("rndc reload", Commands("apply:dns"), StringComparison.Ordinal);
        Assert.Contains("n8n import:workflow", Commands("apply:compose"), StringComparison.Ordinal); // deploy-compose runs deploy-n8n
        Assert.DoesNotContain("rndc reload", Commands("apply:compose"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A job's script lines and variables (keycloak-config-cli takes its files from one), then every .ci/ script and out/ file they name, and so on, without comments
    /// (a comment that mentions a folder applies nothing).
    /// </summary>
    private static string Commands(string job)
    {
        var pipeline = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Repo.Path(".gitlab-ci.yml")));
        var definition = (Dictionary<object, object>)pipeline[job];
        var text = string.Join('\n', ScriptKeys
            .Where(definition.ContainsKey).SelectMany(k => ((List<object>)definition[k]).Cast<string>())
            .Concat(definition.TryGetValue("variables", out var variables) ? ((Dictionary<object, object>)variables).Values.Select(v => $"{v}") : []));
        var followed = new HashSet<string>(StringComparer.Ordinal);
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var reference in FileReference().Matches(text).Select(m => m.Groups["script"].Success ? ".ci/" + m.Groups["script"].Value : m.Value).ToList())
            {
                var path = Repo.Path(reference.Split('/'));
                if (File.Exists(path) && followed.Add(reference))
                {
                    text += "\n" + WithoutComments(File.ReadAllText(path));
                    grown = true;
                }
            }
        }

        return WithoutComments(text);
    }

    private static string WithoutComments(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));

    /// <summary>.ci/&lt;script&gt; (also as $here/&lt;script&gt; inside .ci/) and out/&lt;...&gt;.yml files.</summary>
    [GeneratedRegex(@"(?:\.ci/|\$here/)(?<script>[a-z0-9-]+)|out/[a-z0-9-]+/[a-z0-9-]+\.yml")]
    private static partial Regex FileReference();
}
