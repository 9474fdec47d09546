using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// .ci/deploy-compose, which apply:compose runs: the example's svc-01 deployed with ssh, rsync and
/// docker replaced by recorders (no Docker engine and no docker host can run here). What is checked is
/// the script's own work: the address from the zone, the copy of the compose folder and of every file it
/// mounts with the placeholders filled, compose called over ssh, and which containers restart.
/// </summary>
public sealed partial class DeployComposeTests
{
    private const string Host = "svc-01";

    [Fact]
    public void Should_Copy_The_Compose_Folder_And_Its_Mounts_Filled_And_Run_Compose_On_The_Host()
    {
        using var run = new FakeDeploy();
        var composeBefore = File.ReadAllBytes(Repo.Path("out", "compose", Host, "docker-compose.yml"));
        var mappingBefore = File.ReadAllBytes(Repo.Path("out", "guacamole", "user-mapping.xml"));

        var result = run.Deploy();

        Assert.True(result.ExitCode == 0, result.Output);
        var address = AddressInZone(Host);
        var copy = Path.Combine(run.Root, "out");
        // The filled copies hold secrets: only root may pass the deploy root on the host.
        Assert.Contains($"ssh {address} mkdir -p '{copy}' && chmod 700 '{run.Root}'", run.Log, StringComparison.Ordinal);
        Assert.Contains($"rsync -a --delete --checksum --chmod=D755,F644 {copy}/ {address}:{copy}/", run.Log, StringComparison.Ordinal);
        Assert.Contains($"docker DOCKER_HOST=ssh://root@{address} compose --project-name werkbank --project-directory {copy}/compose/{Host} -f {copy}/compose/{Host}/docker-compose.yml up --detach --remove-orphans", run.Log, StringComparison.Ordinal);
        // No record on the host yet: every container with mounted files restarts once (Keycloak never).
        Assert.EndsWith($"/compose/{Host}/docker-compose.yml restart gitlab guacamole oauth2-proxy supabase-auth traefik", Assert.Single(run.Restarts), StringComparison.Ordinal);
        // One shared connection per host with the job's key: compose opens one per API call.
        Assert.Contains($"IdentityFile {run.KeyFile}\n", run.SshConfig, StringComparison.Ordinal);
        Assert.Contains("ControlMaster auto\n", run.SshConfig, StringComparison.Ordinal);

        // The compose file goes as it is (compose fills its placeholders from the job's variables) ...
        Assert.Equal(composeBefore, File.ReadAllBytes(Path.Combine(copy, "compose", Host, "docker-compose.yml")));
        Assert.True(File.Exists(Path.Combine(copy, "traefik", "dynamic.yml")), "the mounted traefik folder was not copied");
        // The internal CA goes as it is (a mounted folder and a mounted file of it).
        Assert.Equal(File.ReadAllBytes(Repo.Path("out", "tls", "ca.pem")), File.ReadAllBytes(Path.Combine(copy, "tls", "ca.pem")));
        // ... the files it mounts with theirs filled, each read back by its own kind of parser.
        var passwords = XDocument.Load(Path.Combine(copy, "guacamole", "user-mapping.xml")).Descendants("authorize").ToList();
        Assert.NotEmpty(passwords);
        Assert.All(passwords, a => Assert.Equal(run.Environment[$"GUACAMOLE_PASSWORD_{a.Attribute("username")!.Value.ToUpperInvariant()}"], a.Attribute("password")!.Value));
        var secrets = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "keycloak", "realm-acme.json")))!["clients"]!.AsArray().Where(c => c!["secret"] is not null).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, c => Assert.Equal(run.Environment[$"KEYCLOAK_CLIENT_SECRET_{((string)c!["clientId"]!).ToUpperInvariant().Replace('-', '_')}"], (string?)c["secret"]));
        var unfilled = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Path.Combine(copy, "compose"), StringComparison.Ordinal) && Placeholder().IsMatch(File.ReadAllText(f)));
        Assert.Empty(unfilled);
        // out/ itself is never changed.
        Assert.Equal(mappingBefore, File.ReadAllBytes(Repo.Path("out", "guacamole", "user-mapping.xml")));
    }

    [Fact]
    public void Should_Restart_On_The_Next_Run_What_A_Job_That_Died_After_The_Copy_Left_Running()
    {
        using var run = new FakeDeploy();
        Assert.True(run.Deploy().ExitCode == 0);
        // Every container with mounted files but Keycloak (it imports its realm only once) is on record.
        var first = run.Started;
        Assert.Equal(["gitlab", "guacamole", "oauth2-proxy", "supabase-auth", "traefik"], first.Keys.Order(StringComparer.Ordinal));
        Assert.All(first.Values, hash => Assert.Matches("^[0-9a-f]{64}$", hash));

        // A new user-mapping.xml reaches the host, then the job dies before Guacamole restarted.
        run.Change("guacamole/user-mapping.xml");
        run.Environment["FAKE_RESTART_EXIT"] = "1";
        Assert.NotEqual(0, run.Deploy().ExitCode);
        Assert.Equal(first, run.Started);

        // The next run copies nothing new, and restarts Guacamole all the same.
        run.Environment.Remove("FAKE_RESTART_EXIT");
        run.ClearLog();
        var next = run.Deploy();

        Assert.True(next.ExitCode == 0, next.Output);
        Assert.EndsWith(" restart guacamole", Assert.Single(run.Restarts), StringComparison.Ordinal);
        Assert.NotEqual(first["guacamole"], run.Started["guacamole"]);

        // Once restarted, it is on record: the run after that restarts nothing.
        run.ClearLog();
        Assert.True(run.Deploy().ExitCode == 0);
        Assert.Empty(run.Restarts);
    }

    [Theory]
    [InlineData("traefik/dynamic.yml\nguacamole/user-mapping.xml\ntraefik/oauth2-proxy.cfg\n", "guacamole oauth2-proxy")]
    [InlineData("traefik/traefik.yml\n", "traefik")]
    [InlineData("tls/ca.pem\n", "gitlab oauth2-proxy supabase-auth")] // a new CA is read at start
    [InlineData("keycloak/realm-acme.json\ncompose/svc-01/docker-compose.yml\n", null)] // the realm is applied by apply:keycloak
    [InlineData("guacamole/user-mapping.xml\nproxmox/inventory.yml\n", "guacamole")] // a file no container mounts
    [InlineData("traefik/dynamic.yml\n", null)]
    public void Should_Restart_The_Containers_Whose_Mounted_Files_Changed(string changed, string? restarted)
    {
        using var run = new FakeDeploy();
        Assert.True(run.Deploy().ExitCode == 0);
        run.ClearLog();
        foreach (var path in changed.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            run.Change(path);
        }

        var result = run.Deploy();

        Assert.True(result.ExitCode == 0, result.Output);
        var restarts = run.Restarts;
        if (restarted is null)
        {
            Assert.Empty(restarts);
        }
        else
        {
            Assert.EndsWith($"/compose/{Host}/docker-compose.yml restart {restarted}", Assert.Single(restarts), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Stop_Before_Compose_When_A_Mounted_File_Names_A_Variable_That_Is_Not_Set()
    {
        using var run = new FakeDeploy();
        var missing = run.Environment.Keys.First(k => k.StartsWith("GUACAMOLE_PASSWORD_", StringComparison.Ordinal));
        run.Environment.Remove(missing);

        var result = run.Deploy();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{missing} is not set", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("docker ", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Run_The_Supabase_Migrations_In_Its_Database_Once_It_Is_Healthy()
    {
        using var run = new FakeDeploy();

        var result = run.Deploy();

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = run.Log.Split('\n').ToList();
        var up = lines.FindIndex(l => l.EndsWith(" up --detach --remove-orphans", StringComparison.Ordinal));
        var wait = lines.FindIndex(l => l.EndsWith(" up --detach --wait supabase-db supabase-storage", StringComparison.Ordinal));
        var exec = lines.FindIndex(l => l.EndsWith(" exec -T -e PGPASSWORD=db-password supabase-db psql -h 127.0.0.1 -U supabase_admin -d postgres -v ON_ERROR_STOP=1 -q", StringComparison.Ordinal));
        Assert.True(up >= 0 && up < wait && wait < exec, run.Log);
        var migrations = Directory.GetFiles(Repo.Path("out", "supabase", "migrations"), "*.sql").Order(StringComparer.Ordinal);
        Assert.Equal(string.Concat(migrations.Select(File.ReadAllText)), run.ExecInput);
    }

    [Fact]
    public void Should_Stop_Before_Compose_When_A_Variable_Of_The_Compose_File_Is_Not_Set()
    {
        // compose itself would only warn and start the service with an empty password.
        using var run = new FakeDeploy();
        run.Environment.Remove("KEYCLOAK_DB_PASSWORD");
        run.Environment["OAUTH2_PROXY_COOKIE_SECRET"] = string.Empty;

        var result = run.Deploy();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{Host}: CI/CD variables not set (listed in out/compose/{Host}/.env.example): KEYCLOAK_DB_PASSWORD OAUTH2_PROXY_COOKIE_SECRET", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Log);
    }

    [Fact]
    public void Should_Not_Start_Containers_When_The_Copy_To_The_Host_Failed()
    {
        using var run = new FakeDeploy();
        run.Environment["FAKE_RSYNC_EXIT"] = "23";

        var result = run.Deploy();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("rsync ", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("docker ", run.Log, StringComparison.Ordinal);
    }

    private static string AddressInZone(string host)
    {
        var zone = Directory.GetFiles(Repo.Path("out", "dns"), "*.zone").Single();
        return Regex.Match(File.ReadAllText(zone), $@"^{Regex.Escape(host)} IN A (\S+)$", RegexOptions.Multiline).Groups[1].Value;
    }

    [GeneratedRegex(@"\$\{[A-Z_][A-Z0-9_]*\}")]
    private static partial Regex Placeholder();

    /// <summary>A temporary deploy root, a home for ssh's config, and ssh, rsync and docker that only write down how they were called.</summary>
    private sealed class FakeDeploy : IDisposable
    {
        private readonly FakeCommands commands = new();

        public FakeDeploy()
        {
            // ssh keeps the host's record of what each container was started with ($root/started) in a file of the test's.
            commands.Add("ssh", "case \"$*\" in *'cat > '*) cat > \"$FAKE_HOST_STARTED\" ;; *\"cat '\"*) cat \"$FAKE_HOST_STARTED\" 2>/dev/null || true ;; esac");
            commands.Add("rsync", "exit \"${FAKE_RSYNC_EXIT:-0}\"");
            commands.Add("docker", "case \"$*\" in *' exec '*) cat >> \"$FAKE_LOG.stdin\" ;; *' restart '*) exit \"${FAKE_RESTART_EXIT:-0}\" ;; esac", logged: "DOCKER_HOST=$DOCKER_HOST $*");
            // The job's checkout: a copy of out/, which a test may change between runs.
            TempDir.CopyTree(Repo.Path("out"), Path.Combine(WorkingDirectory, "out"));
            Environment = commands.Environment;
            // Secrets with characters XML and JSON must escape, for every placeholder in the files svc-01 mounts.
            var mounted = File.ReadAllText(Repo.Path("out", "guacamole", "user-mapping.xml")) + File.ReadAllText(Repo.Path("out", "keycloak", "realm-acme.json"))
                + File.ReadAllText(Repo.Path("out", "traefik", "dynamic.yml"));
            foreach (var name in Placeholder().Matches(mounted).Select(m => m.Value[2..^1]).Distinct(StringComparer.Ordinal))
            {
                Environment[name] = $"<{name}> & \"'\\";
            }

            // The compose file's own secrets, which compose fills from the job's environment.
            foreach (var line in File.ReadLines(Repo.Path("out", "compose", Host, ".env.example")).Where(l => l.EndsWith('=')))
            {
                Environment[line[..^1]] = "compose-secret";
            }

            Environment["DOCKER_SSH_KEY"] = commands.KeyFile;
            Environment["WERKBANK_DEPLOY_ROOT"] = Root;
            Environment["SUPABASE_DB_PASSWORD"] = "db-password";
            Environment["FAKE_HOST_STARTED"] = commands.Combine("host-started");
        }

        /// <summary>The host's record: service -> sha256 of the mounted files it was last started with.</summary>
        public Dictionary<string, string> Started
        {
            get => commands.Read("host-started").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            set => File.WriteAllText(commands.Combine("host-started"), string.Concat(value.Select(p => $"{p.Key} {p.Value}\n")));
        }

        public void ClearLog() => File.Delete(commands.Combine("log"));

        public string WorkingDirectory => commands.Combine("work");

        /// <summary>The restart commands docker was given.</summary>
        public List<string> Restarts => [.. Log.Split('\n').Where(l => l.Contains(" restart", StringComparison.Ordinal))];

        /// <summary>Changes a rendered file of the job's checkout (a comment more, the file's kind kept).</summary>
        public void Change(string path) => File.AppendAllText(Path.Combine(WorkingDirectory, "out", path),
            path.EndsWith(".xml", StringComparison.Ordinal) ? "<!-- changed -->\n" : path.EndsWith(".json", StringComparison.Ordinal) ? "\n" : "# changed\n");

        public Dictionary<string, string> Environment { get; }

        public string Root => commands.Combine("root");

        public string Log => commands.Log;

        /// <summary>The ssh configuration the script wrote for the job.</summary>
        public string SshConfig => File.ReadAllText(commands.Combine("home", ".ssh", "config"));

        public string KeyFile => commands.KeyFile;

        /// <summary>What docker compose exec was given on its standard input.</summary>
        public string ExecInput => commands.Read("log.stdin");

        public ExternalTool.Result Deploy() =>
            ExternalTool.Run("sh", [Repo.Path(".ci", "deploy-compose"), Host], WorkingDirectory, Environment);

        public void Dispose() => commands.Dispose();
    }
}
