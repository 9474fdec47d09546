using System.Text.Json.Nodes;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// The repository's own .gitlab-ci.yml: checked against GitLab's schema (the @schemastore/gitlab-ci
/// types and gitlab-ci-local's bundled schema), and its validate, render-check and verify jobs run
/// for real under gitlab-ci-local (shell executor) in a throwaway copy of the repository.
/// All in one class: the jobs build .NET and must not compete for the machine's cores.
/// </summary>
public sealed class GitLabCiTests
{
    private static string CheckersBin => Repo.Path(".tools", "checkers", "node_modules", ".bin");

    /// <summary>A prebuilt generator of this same source, so that the failure cases need not build again.</summary>
    private static string Prebuilt => $"dotnet {Path.Combine(AppContext.BaseDirectory, "werkbank.dll")}";

    [Fact]
    public void Should_Pass_The_GitLab_Ci_Schema_Types()
    {
        var node = ExternalTool.Require("node");
        ExternalTool.Require(Path.Combine(CheckersBin, "tsc"));
        var result = ExternalTool.Run(node, [Repo.Path("tools", "checkers", "check-gitlab-ci.mjs"), Repo.Path(".gitlab-ci.yml")]);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Should_Apply_Only_On_The_Default_Branch_With_One_Resource_Group()
    {
        var text = File.ReadAllText(Repo.Path(".gitlab-ci.yml"));
        var pipeline = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(text);
        var applies = pipeline.Keys.Where(k => k.StartsWith("apply:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["apply:compose", "apply:dns", "apply:gitlab", "apply:helmfile", "apply:keycloak", "apply:proxmox", "apply:proxmox:destroy", "apply:qdrant"], applies.Order(StringComparer.Ordinal));
        Assert.Contains("extends: .apply", text, StringComparison.Ordinal);
        Assert.Contains("resource_group: werkbank-apply", text, StringComparison.Ordinal);
        Assert.Contains("- if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?i)(password|token|secret)\s*:\s*[""']?[A-Za-z0-9]", text.Replace("PROXMOX_API_TOKEN", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Call_The_Apply_Tools_The_Way_They_Are_Written()
    {
        var pipeline = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Repo.Path(".gitlab-ci.yml")));
        object Key(string job, string key) => ((Dictionary<object, object>)pipeline[job])[key];
        string Script(string job) => string.Join('\n', ((List<object>)Key(job, "script")).Cast<string>());

        // The playbook's destroy play is guarded by a variable, not by tags: --tags destroy would run no task at all.
        var playbook = File.ReadAllText(Repo.Path("out", "proxmox", "provision.yml"));
        Assert.Contains("when: \"werkbank_destroy | default(false) | bool\"", playbook, StringComparison.Ordinal);
        Assert.DoesNotContain("tags: [destroy]", playbook, StringComparison.Ordinal);
        Assert.Contains("-e werkbank_destroy=true", Script("apply:proxmox:destroy"), StringComparison.Ordinal);
        Assert.DoesNotContain("werkbank_destroy", Script("apply:proxmox"), StringComparison.Ordinal);
        Assert.DoesNotContain("--tags", Script("apply:proxmox") + Script("apply:proxmox:destroy"), StringComparison.Ordinal);
        Assert.Contains("manual", Yaml(Key("apply:proxmox:destroy", "rules")), StringComparison.Ordinal);

        Assert.Contains("$WERKBANK apply qdrant --plan out/qdrant/plan.json --apply", Script("apply:qdrant"), StringComparison.Ordinal);
        Assert.Contains("GITLAB_TOKEN=\"$GITLAB_APPLY_TOKEN\" $WERKBANK apply gitlab --plan out/gitlab/plan.json --apply", Script("apply:gitlab"), StringComparison.Ordinal);
        // The teams' namespaces (out/k8s/) go to the cluster in the job that has its KUBECONFIG.
        Assert.Contains("kubectl apply --server-side --field-manager=werkbank -f out/k8s/", Script("apply:helmfile"), StringComparison.Ordinal);
        Assert.Contains("if [ -f out/helm/n8n/values.yaml ]; then sh .ci/deploy-n8n kubernetes; fi", Script("apply:helmfile"), StringComparison.Ordinal);
        // The docker hosts: deploy-compose (DeployComposeTests) with the ssh and rsync it calls; docker:*-cli brings compose.
        Assert.Equal(["apk add --no-cache openssh-client rsync git", "sh .ci/deploy-compose"], ((List<object>)Key("apply:compose", "script")).Cast<string>());
        Assert.StartsWith("docker:", (string)Key("apply:compose", "image"), StringComparison.Ordinal);
        Assert.Equal(["apk add --no-cache openssh-client rsync", "sh .ci/deploy-dns"], ((List<object>)Key("apply:dns", "script")).Cast<string>());
        Assert.Contains("\"${werkbank[@]}\" audit", File.ReadAllText(Repo.Path(".ci", "verify")), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Have_Keycloak_Config_Cli_Fill_The_Placeholders_The_Realm_Is_Written_With()
    {
        // keycloak-config-cli's own syntax is $(NAME): with it, the realm's ${KEYCLOAK_CLIENT_SECRET_<CLIENT>}
        // would become the clients' secrets as written. The job sets ${ and } instead; the shell must hand
        // them over as they are (single quotes), which bash itself shows here.
        var pipeline = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Repo.Path(".gitlab-ci.yml")));
        var job = (Dictionary<object, object>)pipeline["apply:keycloak"];
        var command = ((List<object>)job["script"]).Cast<string>().Single(line => line.Contains("keycloak-config-cli.jar", StringComparison.Ordinal));
        var echoed = ExternalTool.Run("bash", ["-c", command.Replace("java -jar /app/keycloak-config-cli.jar", "printf '%s\\n'", StringComparison.Ordinal)]);
        Assert.Equal(["--import.var-substitution.prefix=${", "--import.var-substitution.suffix=}"], echoed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("true", ((Dictionary<object, object>)job["variables"])["IMPORT_VARSUBSTITUTION_ENABLED"]);

        var realm = File.ReadAllText(Repo.Path("out", "keycloak", "realm-acme.json"));
        var placeholders = System.Text.RegularExpressions.Regex.Matches(realm, @"\$[{(][^})]*[})]").Select(m => m.Value).ToList();
        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, p => Assert.Matches(@"^\$\{KEYCLOAK_CLIENT_SECRET_[A-Z0-9_]+\}$", p));
    }

    private static string Yaml(object value) => new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(value);

    [Fact]
    public void Should_Run_Validate_RenderCheck_And_Verify_For_Real()
    {
        using var ci = GitLabCiLocal.Create();

        // The real jobs as CI runs them (build publishes the generator, the others run its artifact); verify narrowed to a quick filter.
        var run = ci.Run(["build", "validate", "render-check", "verify"], new()
        {
            ["WERKBANK_SKIP_INSTALL"] = "1",
            ["WERKBANK_VERIFY_FILTER"] = "FullyQualifiedName~PlanDiffTests",
        });
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("PASS  build", run.Output, StringComparison.Ordinal);
        Assert.Contains("PASS  validate", run.Output, StringComparison.Ordinal);
        Assert.Contains("PASS  render-check", run.Output, StringComparison.Ordinal);
        Assert.Contains("PASS  verify", run.Output, StringComparison.Ordinal);
        // The example's only findings: the two web logins on Kubernetes that cannot trust its internal CA (warnings).
        var findings = JsonNode.Parse(File.ReadAllText(ci.Artifact("validate", "gl-code-quality-report.json")))!.AsArray();
        Assert.Equal(["INV0406", "INV0406"], findings.Select(f => f!["check_name"]!.GetValue<string>()));
        Assert.All(findings, f => Assert.NotEqual("blocker", f!["severity"]!.GetValue<string>()));
        var junit = Directory.EnumerateFiles(ci.Artifact("verify", "TestResults"), "*.junit.xml").Single();
        Assert.Contains("PlanDiffTests", File.ReadAllText(junit), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Fail_Validate_On_A_Broken_Inventory_With_A_Code_Quality_Report()
    {
        using var ci = GitLabCiLocal.Create(repo =>
            File.AppendAllText(Path.Combine(repo, "inventory", "users", "akowalska.yaml"), "rol: analyst\n"));
        var run = ci.Run(["validate"], new() { ["WERKBANK"] = Prebuilt });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("FAIL  validate", run.Output, StringComparison.Ordinal);
        Assert.Contains("INV0003", run.Output, StringComparison.Ordinal);
        var report = JsonNode.Parse(File.ReadAllText(ci.Artifact("validate", "gl-code-quality-report.json")))!.AsArray();
        var finding = Assert.Single(report, f => f!["check_name"]!.GetValue<string>() != "INV0406")!;
        Assert.Equal("INV0003", finding["check_name"]!.GetValue<string>());
        Assert.Equal("inventory/users/akowalska.yaml", finding["location"]!["path"]!.GetValue<string>());
        Assert.Equal(8, finding["location"]!["lines"]!["begin"]!.GetValue<int>());
        Assert.Equal("blocker", finding["severity"]!.GetValue<string>());
    }

    [Fact]
    public void Should_Fail_RenderCheck_With_The_Diff_And_The_Fix_When_Out_Is_Stale()
    {
        using var ci = GitLabCiLocal.Create(repo =>
            File.AppendAllText(Path.Combine(repo, "out", "cloud-init", "akowalska", "meta-data"), "hand-edited: true\n"));
        var run = ci.Run(["render-check"], new() { ["WERKBANK"] = Prebuilt });
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("FAIL  render-check", run.Output, StringComparison.Ordinal);
        Assert.Contains("-hand-edited: true", run.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project generator -- render", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Plan_A_Merge_Request_And_Post_The_Summary_As_A_Note()
    {
        using var gitlab = new FakeApiServer(r => r.Token != "glpat-ci" ? (401, "{}") : r.Method switch
        {
            "GET" => (200, "[]"),
            "POST" => (201, """{"id":1}"""),
            _ => (404, "{}"),
        });
        using var ci = GitLabCiLocal.Create();
        var mergeBase = ci.Head;
        ci.Commit(repo =>
        {
            var file = Path.Combine(repo, "inventory", "users", "akowalska.yaml");
            File.WriteAllText(file, File.ReadAllText(file).Replace("teams: [support, data-science]", "teams: [support]", StringComparison.Ordinal));
        });
        var run = ci.Run(["plan"], new()
        {
            ["WERKBANK"] = Prebuilt,
            ["CI_PIPELINE_SOURCE"] = "merge_request_event",
            ["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = mergeBase,
            ["CI_MERGE_REQUEST_IID"] = "5",
            ["CI_PROJECT_ID"] = "7",
            ["CI_SERVER_URL"] = gitlab.Url.ToString(),
            ["GITLAB_TOKEN"] = "glpat-ci",
        });
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("PASS  plan", run.Output, StringComparison.Ordinal);
        var summary = File.ReadAllText(ci.Artifact("plan", "plan.md"));
        Assert.Contains("akowalska leaves data-science: loses qdrant user on data-science-docs", summary, StringComparison.Ordinal);
        var note = gitlab.Requests.Single(r => r.Method == "POST");
        Assert.Equal("/api/v4/projects/7/merge_requests/5/notes", note.Path);
        Assert.Contains("akowalska leaves data-science", note.Body, StringComparison.Ordinal);
    }
}
