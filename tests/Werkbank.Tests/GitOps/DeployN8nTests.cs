using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Werkbank.Tests.Support;
using Werkbank.Tests.Targets.N8n;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// .ci/deploy-n8n. Under compose, docker is a stand-in that runs the commands meant for the container
/// with a real n8n (1.123, .tools/n8n) on this machine: the credentials with their secrets filled and
/// the workflows must arrive in n8n's database, the workflows active. Under Kubernetes, kubectl only
/// records how it was called (no cluster here).
/// </summary>
public sealed partial class DeployN8nTests
{
    [Fact]
    public void Should_Import_The_Credentials_Filled_And_The_Workflows_Active_Into_A_Real_N8n()
    {
        using var n8n = new N8nServer();
        using var run = new FakeTools(n8n);

        var result = run.Deploy("compose");

        Assert.True(result.ExitCode == 0, result.Output);
        var exported = n8n.Folder("exported");
        n8n.Cli("export:credentials", "--all", "--decrypted", $"--output={Path.Combine(exported, "credentials.json")}");
        var credentials = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "credentials.json")))!.AsArray();
        var rendered = JsonNode.Parse(File.ReadAllText(Repo.Path("out", "n8n", "credentials.json")))!.AsArray();
        Assert.Equal(rendered.Count, credentials.Count);
        foreach (var expected in rendered)
        {
            var actual = credentials.Single(c => (string?)c!["id"] == (string?)expected!["id"])!;
            foreach (var (key, value) in expected!["data"]!.AsObject())
            {
                var text = (string)value!;
                Assert.Equal(Placeholder().Replace(text, m => run.Environment[m.Groups[1].Value]), (string?)actual["data"]![key]);
            }
        }

        n8n.Cli("export:workflow", "--all", $"--output={Path.Combine(exported, "workflows.json")}");
        var workflows = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "workflows.json")))!.AsArray();
        var ids = Directory.GetFiles(Repo.Path("out", "n8n"), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "credentials.json")
            .Select(f => (string)JsonNode.Parse(File.ReadAllText(f))!["id"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids, workflows.Select(w => (string)w!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(workflows, w => Assert.True((bool?)w!["active"] == true, $"{w!["name"]} is not active"));
        Assert.Contains("docker restart werkbank-n8n-1", run.Log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(run.ContainerRoot, "tmp", "werkbank-n8n")), "the copy with the secrets was left in the container");
        // n8n's data folder records what it runs now, written after the restart.
        Assert.Equal(run.Digest() + "\n", File.ReadAllText(run.Record));
        var log = run.Log;
        Assert.True(log.IndexOf("docker restart", StringComparison.Ordinal) < log.IndexOf("exec werkbank-n8n-1 sh -c", StringComparison.Ordinal), log);
    }

    [Fact]
    public void Should_Import_Again_Only_When_N8n_Does_Not_Run_These_Files_Yet()
    {
        using var run = new FakeTools(n8n: null);
        // What n8n records after an import of exactly these files: the digest the script computes.
        Directory.CreateDirectory(Path.GetDirectoryName(run.Record)!);
        var digest = run.Digest();
        File.WriteAllText(run.Record, digest + "\n");

        var same = run.Deploy("compose");

        Assert.True(same.ExitCode == 0, same.Output);
        Assert.Contains($"n8n: runs out/n8n/ already ({digest})", same.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("n8n import:", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", run.Log, StringComparison.Ordinal);

        // A job that imported and died before the restart left the old record: the next run imports.
        File.WriteAllText(run.Record, new string('0', 64) + "\n");
        var again = run.Deploy("compose");
        Assert.NotEqual(0, again.ExitCode); // the stand-in n8n is `false`: it got as far as importing
        Assert.Contains("exec werkbank-n8n-1 n8n import:credentials", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Use_The_N8n_Release_Of_The_Helmfile_On_Kubernetes()
    {
        using var run = new FakeTools(n8n: null);

        var result = run.Deploy("kubernetes");

        Assert.True(result.ExitCode == 0, result.Output);
        var helmfile = File.ReadAllText(Repo.Path("out", "helm", "helmfile.yaml"));
        var release = helmfile[helmfile.IndexOf("- name: n8n\n", StringComparison.Ordinal)..];
        var ns = Regex.Match(release, @"^  namespace: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var context = Regex.Match(release, @"^  kubeContext: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var calls = run.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"kubectl --namespace {ns} --context {context} get pods -l app.kubernetes.io/instance=n8n --field-selector=status.phase=Running -o jsonpath={{.items[0].metadata.name}}", calls);
        Assert.Contains(calls, c => c.StartsWith($"kubectl --namespace {ns} --context {context} cp ", StringComparison.Ordinal) && c.EndsWith(" n8n-pod-1:/tmp/werkbank-n8n", StringComparison.Ordinal));
        Assert.Contains($"kubectl --namespace {ns} --context {context} exec n8n-pod-1 -- n8n import:credentials --input=/tmp/werkbank-n8n/credentials.json", calls);
        Assert.Equal($"kubectl --namespace {ns} --context {context} exec n8n-pod-1 -- rm -rf /tmp/werkbank-n8n", calls[^5]);
        Assert.Equal($"kubectl --namespace {ns} --context {context} rollout restart deployment/n8n", calls[^4]);
        // The record goes into the pod that runs after the rollout.
        Assert.Equal($"kubectl --namespace {ns} --context {context} rollout status deployment/n8n --timeout=10m", calls[^3]);
        Assert.StartsWith($"kubectl --namespace {ns} --context {context} get pods ", calls[^2], StringComparison.Ordinal);
        Assert.StartsWith($"kubectl --namespace {ns} --context {context} exec n8n-pod-1 -- sh -c echo ", calls[^1], StringComparison.Ordinal);
        Assert.EndsWith(" > /home/node/.n8n/werkbank-imported", calls[^1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// A working copy with out/n8n and out/helm, docker running the container's commands with the given
    /// n8n on this machine (its /tmp under <see cref="ContainerRoot"/>), kubectl recording its calls.
    /// </summary>
    private sealed class FakeTools : IDisposable
    {
        private readonly FakeCommands commands = new();

        public FakeTools(N8nServer? n8n)
        {
            TempDir.CopyTree(Repo.Path("out", "n8n"), Path.Combine(WorkingDirectory, "out", "n8n"));
            TempDir.CopyTree(Repo.Path("out", "helm"), Path.Combine(WorkingDirectory, "out", "helm"));
            Directory.CreateDirectory(ContainerRoot);
            commands.Add("docker", """
                case "$1" in
                  cp) mkdir -p "$FAKE_ROOT/tmp"; cp -R "$2" "$FAKE_ROOT${3#*:}" ;;
                  exec)
                    shift 2
                    if [ "$1" = rm ]; then rm -rf "$FAKE_ROOT$3"; exit 0; fi
                    if [ "$1" = cat ]; then exec cat "$FAKE_ROOT$2"; fi
                    if [ "$1" = sh ]; then mkdir -p "$FAKE_ROOT/home/node/.n8n"; exec sh -c "$(printf '%s' "$3" | sed "s|/home/node|$FAKE_ROOT/home/node|g")"; fi
                    shift
                    for a do set -- "$@" "$(printf '%s' "$a" | sed "s|=/tmp/werkbank-n8n|=$FAKE_ROOT/tmp/werkbank-n8n|")"; shift; done
                    cd "$FAKE_N8N_HOME" && exec "$FAKE_N8N" "$@" ;;
                esac
                """);
            commands.Add("kubectl", """case "$*" in *" get pods "*) printf 'n8n-pod-1' ;; esac""");
            Environment = commands.Environment;
            foreach (var (key, value) in n8n?.Environment() ?? [])
            {
                Environment[key] = value;
            }

            // Secrets with characters JSON must escape, for every placeholder of the credentials.
            foreach (Match m in Placeholder().Matches(File.ReadAllText(Repo.Path("out", "n8n", "credentials.json"))))
            {
                Environment[m.Groups[1].Value] = $"\"{m.Groups[1].Value}\\ {{x}}";
            }

            Environment["FAKE_ROOT"] = ContainerRoot;
            Environment["FAKE_N8N"] = n8n?.Executable ?? "false";
            Environment["FAKE_N8N_HOME"] = n8n?.Folder("home") ?? commands.Combine();
        }

        public Dictionary<string, string> Environment { get; }

        public string WorkingDirectory => commands.Combine("work");

        public string ContainerRoot => commands.Combine("container");

        public string Log => commands.Log;

        /// <summary>Where the stand-in container keeps n8n's record of what it runs.</summary>
        public string Record => Path.Combine(ContainerRoot, "home", "node", ".n8n", "werkbank-imported");

        /// <summary>The sha256 of out/n8n/ as the script computes it (path and bytes of each file, in byte order).</summary>
        public string Digest()
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var file in Directory.GetFiles(Path.Combine(WorkingDirectory, "out", "n8n"), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(WorkingDirectory, f)).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
                hash.AppendData(File.ReadAllBytes(Path.Combine(WorkingDirectory, file)));
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        public ExternalTool.Result Deploy(string mode) =>
            ExternalTool.Run("sh", [Repo.Path(".ci", "deploy-n8n"), mode], WorkingDirectory, Environment, TimeSpan.FromMinutes(5));

        public void Dispose() => commands.Dispose();
    }
}
