using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Werkbank.Inventory;
using Werkbank.Output;

namespace Werkbank.Synthetic;

/// <summary>
/// A generated inventory of any size, for the `synth` command, the benchmark and the tests (locality
/// properties, placement and audit at scale). Self-contained: platform, services and roles are written
/// here (every service, so that the teams' workflows find what they need; only the chosen gateway);
/// users, teams and enough Proxmox hosts follow from the parameters, deterministically for a given
/// <see cref="Seed"/>. Hosts are sized for the worst case (every VM at the largest flavor) plus
/// <see cref="Headroom"/>, with room for <see cref="SpareUsers"/> more users with a GPU each, so that a
/// test can add a user without running out of capacity.
/// Usage: <c>new SyntheticInventory { Users = 2000 }.WriteTo(folder)</c>.
/// </summary>
public sealed record SyntheticInventory
{
    private static readonly string[] AwkwardFirstNames = ["Anna", "Jürgen", "Zoë", "Niamh", "Łukasz", "Ana-María", "François", "Søren"];

    private static readonly string[] AwkwardSurnames = ["O'Brien", "Müller", "Ångström", "\"Mac\" Donald", "Smith & Sons", "<Tag> Lee", "van den Berg", "Nowak"];

    private static readonly (int Cores, int MemoryGib) Largest = (8, 32);

    /// <summary>Number of user files (active, suspended and removed together).</summary>
    public int Users { get; init; } = 100;

    /// <summary>Users per team; the inventory has Users / UsersPerTeam teams (at least one).</summary>
    public int UsersPerTeam { get; init; } = 100;

    /// <summary>Share of users who are in a second team too.</summary>
    public double SecondTeamShare { get; init; } = 0.2;

    public double SuspendedShare { get; init; } = 0.03;

    public double RemovedShare { get; init; } = 0.02;

    /// <summary>Share of users (all ml-engineers, all active) who ask for one passthrough GPU.</summary>
    public double GpuUserShare { get; init; } = 0.03;

    /// <summary>Room (cores, memory and a GPU each) for this many users beyond <see cref="Users"/>.</summary>
    public int SpareUsers { get; init; } = 2;

    /// <summary>Role mix, by role name of the generated roles.yaml; shares are normalised.</summary>
    public IReadOnlyList<(string Role, double Share)> RoleMix { get; init; } =
        [("developer", 0.55), ("analyst", 0.25), ("ml-engineer", 0.15), ("platform-admin", 0.05)];

    /// <summary>Cores, memory and overcommit of each Proxmox host.</summary>
    public int HostCores { get; init; } = 64;

    public int HostMemoryGib { get; init; } = 1024;

    public double CpuOvercommit { get; init; } = 4.0;

    public double MemoryOvercommit { get; init; } = 1.5;

    public int GpusPerGpuHost { get; init; } = 4;

    /// <summary>Extra capacity on top of the worst case (every VM of the largest flavor), as a share.</summary>
    public double Headroom { get; init; } = 0.1;

    /// <summary>traefik or kong: platform.gateway and the one gateway in services.yaml.</summary>
    public string Gateway { get; init; } = "traefik";

    /// <summary>platform.qdrant.tenancy: collection-per-team or shared-collection.</summary>
    public string Tenancy { get; init; } = "collection-per-team";

    /// <summary>Full names and team descriptions with quotes, ampersands, angle brackets and non-ASCII letters (escaping tests).</summary>
    public bool AwkwardNames { get; init; }

    public int Seed { get; init; } = 42;

    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"u{index:D5}");

    public static string TeamName(int index) => string.Create(CultureInfo.InvariantCulture, $"team-{index:D3}");

    public int Teams => Math.Max(1, Users / Math.Max(1, UsersPerTeam));

    /// <summary>Users who ask for a GPU: the first ones (they stay active).</summary>
    public int GpuUsers => (int)Math.Ceiling(Users * GpuUserShare);

    /// <summary>Writes the whole inventory into <paramref name="root"/> (created if missing).</summary>
    public void WriteTo(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, InventoryFiles.UsersFolder));
        Directory.CreateDirectory(Path.Combine(root, InventoryFiles.TeamsFolder));
        Write(root, InventoryFiles.Platform, PlatformYaml());
        Write(root, InventoryFiles.Services, ServicesYaml());
        Write(root, InventoryFiles.Roles, RolesYaml);
        Write(root, InventoryFiles.Hosts, HostsYaml());
        for (var t = 0; t < Teams; t++)
        {
            Write(root, InventoryFiles.TeamFile(TeamName(t)), TeamYaml(t));
        }

        var random = new Random(Seed);
        for (var i = 0; i < Users; i++)
        {
            Write(root, InventoryFiles.UserFile(UserName(i)), UserYaml(i, random, gpu: i < GpuUsers));
        }
    }

    /// <summary>
    /// The text of one user file (also for tests that add a user). <paramref name="gpu"/> users are active
    /// ml-engineers with one GPU; team leads (user t leads team t) stay active.
    /// </summary>
    public string UserYaml(int index, Random random, bool gpu = false, string? team = null, string? flavor = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        var name = UserName(index);
        var role = gpu ? "ml-engineer" : PickRole(random.NextDouble());
        var teams = new List<string> { team ?? TeamName(index % Teams) };
        if (Teams > 1 && random.NextDouble() < SecondTeamShare)
        {
            teams.Add(TeamName((index + 1 + random.Next(Teams - 1)) % Teams));
        }

        var state = random.NextDouble() switch
        {
            var x when x < RemovedShare => "removed",
            var x when x < RemovedShare + SuspendedShare => "suspended",
            _ => "active",
        };
        var fullName = AwkwardNames
            ? $"{AwkwardFirstNames[random.Next(AwkwardFirstNames.Length)]} {AwkwardSurnames[random.Next(AwkwardSurnames.Length)]}"
            : $"Synthetic User {index}";
        var text = new StringBuilder("# yaml-language-server: $schema=../../schema/user.schema.json\n");
        text.Append(CultureInfo.InvariantCulture, $"full_name: {Quote(fullName)}\n");
        text.Append(CultureInfo.InvariantCulture, $"email: {name}@synthetic.example\n");
        text.Append(CultureInfo.InvariantCulture, $"role: {role}\n");
        text.Append(CultureInfo.InvariantCulture, $"teams: [{string.Join(", ", teams.Distinct())}]\n");
        text.Append(CultureInfo.InvariantCulture, $"ssh_keys:\n  - {SshKey(index)} {name}@laptop\n");
        if (gpu || flavor is not null)
        {
            text.Append("vm:\n");
            text.Append(gpu ? "  gpus: 1\n" : string.Empty);
            text.Append(flavor is null ? string.Empty : $"  flavor: {flavor}\n");
        }

        if (state != "active" && !gpu && index >= Teams)
        {
            text.Append(CultureInfo.InvariantCulture, $"state: {state}\n");
        }

        return text.ToString();
    }

    /// <summary>A well-formed ed25519 public key blob, different per index (structurally valid; nobody holds its private key).</summary>
    public static string SshKey(int index)
    {
        var type = "ssh-ed25519"u8.ToArray();
        var blob = new List<byte>();
        blob.AddRange([0, 0, 0, (byte)type.Length]);
        blob.AddRange(type);
        blob.AddRange([0, 0, 0, 32]);
        blob.AddRange(SHA256.HashData(BitConverter.GetBytes(index)));
        return "ssh-ed25519 " + Convert.ToBase64String([.. blob]);
    }

    private static void Write(string root, string relative, string text) => File.WriteAllText(Path.Combine(root, relative), text);

    /// <summary>A YAML double-quoted scalar (JSON-compatible escapes for backslash and quote).</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private string TeamYaml(int t)
    {
        var description = AwkwardNames ? $"Team {t} - \"quotes\" & <angles>" : $"Synthetic team {t}";
        var lead = t < Users ? $"leads: [{UserName(t)}]\n" : string.Empty; // user t's first team is team t
        return "# yaml-language-server: $schema=../../schema/team.schema.json\n" +
               $"description: {Quote(description)}\n{lead}" +
               "qdrant:\n  collections: [docs, code]\n" +
               "n8n:\n  workflows: [team-qa, doc-ingest]\n" +
               $"gitlab:\n  group: synth/{TeamName(t)}\n";
    }

    private string PickRole(double x)
    {
        var total = RoleMix.Sum(r => r.Share);
        var sum = 0.0;
        foreach (var (role, share) in RoleMix)
        {
            sum += share / total;
            if (x < sum)
            {
                return role;
            }
        }

        return RoleMix[^1].Role;
    }

    private string PlatformYaml() => $$"""
        # yaml-language-server: $schema=../schema/platform.schema.json
        name: synth
        domain: synth.internal
        realm: synth
        timezone: Europe/Berlin
        locale: en_US.UTF-8
        gateway: {{Gateway}}
        network:
          vm_cidr: 10.64.0.0/14
          gateway: 10.64.0.1
          dns: [10.63.0.53]
          bridge: vmbr0
        vm_template: debian-12-cloud
        flavors:
          small: { cores: 2, memory_gib: 8, disk_gib: 64 }
          medium: { cores: 4, memory_gib: 16, disk_gib: 128 }
          large: { cores: {{Largest.Cores}}, memory_gib: {{Largest.MemoryGib}}, disk_gib: 256 }
        qdrant:
          tenancy: {{Tenancy}}
          vector_size: 768
          distance: cosine

        """;

    private string ServicesYaml() => $"""
        # yaml-language-server: $schema=../schema/services.schema.json
        keycloak: {"{"} on: svc-01 {"}"}
        {Gateway}: {"{"} on: svc-01 {"}"}
        ollama: {"{"} on: gpu-01, gpus: 2, models: [llama3.1:8b, nomic-embed-text] {"}"}
        qdrant: {"{"} on: k8s-core, replicas: 3 {"}"}
        open-webui: {"{"} on: k8s-core {"}"}
        n8n: {"{"} on: k8s-core {"}"}
        langfuse: {"{"} on: k8s-core {"}"}
        flowise: {"{"} on: k8s-core {"}"}
        searxng: {"{"} on: svc-01 {"}"}
        supabase: {"{"} on: svc-01 {"}"}
        gitlab: {"{"} on: svc-01 {"}"}
        guacamole: {"{"} on: svc-01 {"}"}

        """;

    private const string RolesYaml = """
        # yaml-language-server: $schema=../schema/roles.schema.json
        developer:
          description: Builds with local and central AI services
          flavor: medium
          local: [ollama, qdrant, open-webui, searxng]
          access: { ollama: user, qdrant: editor, n8n: editor, langfuse: user, open-webui: user, gitlab: editor, flowise: user, searxng: user }
          rate_limits: { ollama: 120, default: 600 }
        analyst:
          flavor: small
          local: []
          access: { open-webui: user, qdrant: user, searxng: user, langfuse: user }
          rate_limits: { default: 300 }
        ml-engineer:
          flavor: large
          gpu: true
          local: [ollama, qdrant, open-webui]
          access: { ollama: editor, qdrant: editor, n8n: editor, langfuse: user, open-webui: user, gitlab: editor, flowise: user, searxng: user }
          rate_limits: { ollama: 600, default: 1200 }
        platform-admin:
          flavor: medium
          access: { "*": admin }

        """;

    /// <summary>Central hosts, then pve-NNN: enough for every VM (and the spare users) at the largest flavor, GPU hosts first.</summary>
    private string HostsYaml()
    {
        var perHost = (int)Math.Min(HostCores * CpuOvercommit / Largest.Cores, HostMemoryGib * MemoryOvercommit / Largest.MemoryGib);
        if (perHost < 1)
        {
            throw new ArgumentException("a Proxmox host must hold at least one VM of the largest flavor");
        }

        var gpuHosts = (GpuUsers + SpareUsers + GpusPerGpuHost - 1) / GpusPerGpuHost;
        var hosts = Math.Max(gpuHosts, (int)Math.Ceiling((Users + SpareUsers) * (1 + Headroom) / perHost));
        var map = YamlText.Map();
        for (var h = 0; h < hosts; h++)
        {
            var host = YamlText.Map();
            host["kind"] = "proxmox";
            host["address"] = string.Create(CultureInfo.InvariantCulture, $"10.60.{h / 250}.{1 + (h % 250)}");
            host["cores"] = HostCores;
            host["memory_gib"] = HostMemoryGib;
            host["overcommit"] = new OrderedDictionary<string, object?> { ["cpu"] = CpuOvercommit, ["memory"] = MemoryOvercommit };
            if (h < gpuHosts)
            {
                host["gpus"] = Enumerable.Range(0, GpusPerGpuHost).Select(g => (object?)new OrderedDictionary<string, object?>
                {
                    ["pci"] = string.Create(CultureInfo.InvariantCulture, $"0000:{0x41 + g:x2}:00.0"),
                    ["model"] = "nvidia-l40s",
                }).ToList();
            }

            map[string.Create(CultureInfo.InvariantCulture, $"pve-{h:D3}")] = host;
        }

        return YamlText.Serialize(map, "# yaml-language-server: $schema=../schema/hosts.schema.json") +
               "svc-01:\n  kind: docker\n  address: 10.62.0.21\n  cores: 32\n  memory_gib: 128\n" +
               "gpu-01:\n  kind: docker\n  address: 10.62.0.22\n  cores: 32\n  memory_gib: 256\n  gpus:\n" +
               "    - { pci: \"0000:01:00.0\", model: nvidia-h100 }\n    - { pci: \"0000:02:00.0\", model: nvidia-h100 }\n" +
               "k8s-core:\n  kind: kubernetes\n  api: https://10.62.0.30:6443\n  context: core\n";
    }
}
