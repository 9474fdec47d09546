using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Werkbank.Synthetic;

/// <summary>The shape of a generated inventory. Everything is derived from the seed: same options, same files.</summary>
public sealed record SyntheticOptions(int Users)
{
    public int Teams { get; init; } = Math.Max(1, Users / 100);

    public int Seed { get; init; } = 1;

    public string Gateway { get; init; } = "traefik";

    public string Tenancy { get; init; } = "collection-per-team";

    /// <summary>Users per Proxmox host at most (the host count follows from it, with room to spare).</summary>
    public int UsersPerHost { get; init; } = 48;
}

/// <summary>
/// Writes a realistic inventory of any size, for tests (locality, determinism, audit at scale) and
/// the benchmark: N users, N/100 teams, enough Proxmox hosts for placement, a realistic role mix,
/// some suspended and removed users, some GPU users. SSH keys are well-formed ed25519 public keys
/// derived from the user name (structurally valid; not usable for login).
/// </summary>
public static class SyntheticInventory
{
    private static readonly (string Role, int Percent)[] RoleMix =
        [("developer", 60), ("analyst", 25), ("ml-engineer", 10), ("platform-admin", 5)];

    public static void Write(string root, SyntheticOptions options)
    {
        Directory.CreateDirectory(Path.Combine(root, "users"));
        Directory.CreateDirectory(Path.Combine(root, "teams"));
        var hosts = (int)Math.Ceiling(options.Users * 1.25 / options.UsersPerHost) + 1;
        File.WriteAllText(Path.Combine(root, "platform.yaml"), Platform(options));
        File.WriteAllText(Path.Combine(root, "hosts.yaml"), Hosts(hosts));
        File.WriteAllText(Path.Combine(root, "services.yaml"), Services);
        File.WriteAllText(Path.Combine(root, "roles.yaml"), Roles);
        for (var t = 0; t < options.Teams; t++)
        {
            var team = TeamName(t);
            var lead = UserName(t); // user t is a member of team t % Teams == t
            File.WriteAllText(Path.Combine(root, "teams", team + ".yaml"),
                $"# yaml-language-server: $schema=../../schema/team.schema.json\ndescription: Team {t}\nleads: [{lead}]\n" +
                "qdrant:\n  collections: [docs, code]\nn8n:\n  workflows: [team-qa, doc-ingest]\n");
        }

        for (var i = 0; i < options.Users; i++)
        {
            File.WriteAllText(Path.Combine(root, "users", UserName(i) + ".yaml"), User(i, options));
        }
    }

    public static string UserName(int index) => "u" + index.ToString("D6", CultureInfo.InvariantCulture);

    public static string TeamName(int index) => "team-" + index.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>One user's file; also used by tests that add a user to a generated inventory.</summary>
    public static string User(int index, SyntheticOptions options)
    {
        var name = UserName(index);
        var roll = Roll(options.Seed, name);
        var role = RoleFor((int)(roll % 100));
        var team = TeamName(index % options.Teams);
        var second = (roll / 100) % 7 == 0 && options.Teams > 1 ? $", {TeamName((index + 1) % options.Teams)}" : string.Empty;
        var builder = new StringBuilder();
        builder.Append("# yaml-language-server: $schema=../../schema/user.schema.json\n");
        builder.Append(CultureInfo.InvariantCulture, $"full_name: User {index}\nemail: {name}@example.com\nrole: {role}\nteams: [{team}{second}]\n");
        builder.Append(CultureInfo.InvariantCulture, $"ssh_keys:\n  - {SshKey(name)}\n");
        if (role == "ml-engineer" && (roll / 1000) % 4 == 0)
        {
            builder.Append("vm:\n  gpus: 1\n");
        }

        var state = index < options.Teams ? 0 : (roll / 10_000) % 100; // team leads stay active
        if (state < 3)
        {
            builder.Append(state == 0 ? string.Empty : "state: suspended\n");
        }
        else if (state < 5)
        {
            builder.Append("state: removed\n");
        }

        return builder.ToString();
    }

    private static string RoleFor(int percentile)
    {
        foreach (var (role, percent) in RoleMix)
        {
            if (percentile < percent)
            {
                return role;
            }

            percentile -= percent;
        }

        return RoleMix[0].Role;
    }

    private static uint Roll(int seed, string name) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{name}")));

    private static string SshKey(string name)
    {
        var blob = new byte[4 + 11 + 4 + 32];
        BinaryPrimitives.WriteUInt32BigEndian(blob, 11);
        Encoding.ASCII.GetBytes("ssh-ed25519").CopyTo(blob, 4);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(15), 32);
        SHA256.HashData(Encoding.UTF8.GetBytes(name)).CopyTo(blob, 19);
        return $"ssh-ed25519 {Convert.ToBase64String(blob)} {name}@laptop";
    }

    private static string Platform(SyntheticOptions options) => $"""
        # yaml-language-server: $schema=../schema/platform.schema.json
        name: synth
        domain: synth.internal
        realm: synth
        timezone: Europe/Berlin
        locale: en_US.UTF-8
        gateway: {options.Gateway}
        network:
          vm_cidr: 10.64.0.0/14
          gateway: 10.64.0.1
          dns: [10.63.0.53]
          bridge: vmbr0
        vm_template: debian-12-cloud
        flavors:
          small: {"{"} cores: 2, memory_gib: 8, disk_gib: 64 {"}"}
          medium: {"{"} cores: 4, memory_gib: 16, disk_gib: 128 {"}"}
          large: {"{"} cores: 8, memory_gib: 32, disk_gib: 256 {"}"}
        qdrant:
          tenancy: {options.Tenancy}
          vector_size: 768
          distance: cosine

        """;

    private static string Hosts(int proxmoxHosts)
    {
        var builder = new StringBuilder("# yaml-language-server: $schema=../schema/hosts.schema.json\n");
        for (var h = 0; h < proxmoxHosts; h++)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"pve-{h:D4}:\n  kind: proxmox\n  address: 10.63.{h / 200}.{10 + (h % 200)}\n  cores: 128\n  memory_gib: 1024\n  storage: local-lvm\n  overcommit: {{ cpu: 4.0, memory: 1.0 }}\n");
            if (h % 2 == 0)
            {
                builder.Append("  gpus:\n    - { pci: \"0000:41:00.0\", model: nvidia-l40s }\n    - { pci: \"0000:42:00.0\", model: nvidia-l40s }\n    - { pci: \"0000:43:00.0\", model: nvidia-l40s }\n");
            }
        }

        builder.Append("svc-01:\n  kind: docker\n  address: 10.62.0.21\n  cores: 32\n  memory_gib: 128\n");
        builder.Append("gpu-01:\n  kind: docker\n  address: 10.62.0.22\n  cores: 32\n  memory_gib: 256\n  gpus:\n    - { pci: \"0000:01:00.0\", model: nvidia-h100 }\n    - { pci: \"0000:02:00.0\", model: nvidia-h100 }\n");
        builder.Append("k8s-core:\n  kind: kubernetes\n  api: https://10.62.0.30:6443\n  context: core\n");
        return builder.ToString();
    }

    private const string Services = """
        # yaml-language-server: $schema=../schema/services.schema.json
        keycloak: { on: svc-01 }
        traefik: { on: svc-01 }
        ollama: { on: gpu-01, gpus: 2, models: [llama3.1:8b, nomic-embed-text] }
        qdrant: { on: k8s-core, replicas: 3 }
        open-webui: { on: k8s-core }
        n8n: { on: k8s-core }
        langfuse: { on: k8s-core }
        flowise: { on: k8s-core }
        searxng: { on: svc-01 }
        supabase: { on: svc-01 }
        gitlab: { on: svc-01 }
        guacamole: { on: svc-01 }

        """;

    private const string Roles = """
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
}
