using System.Globalization;
using System.Text;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;

namespace Werkbank.Tests.Support;

/// <summary>
/// A generated inventory of any size, for scale tests, property tests and benchmarks. platform.yaml,
/// services.yaml, roles.yaml and the central (non-Proxmox) hosts are taken from the example
/// inventory, so that it stays valid as the format grows; users, teams and enough Proxmox hosts are
/// generated from the parameters, deterministically for a given <see cref="Seed"/>.
/// Usage: <c>new SyntheticInventory { Users = 2000 }.WriteTo(folder)</c>.
/// </summary>
public sealed record SyntheticInventory
{
    /// <summary>Number of user files (active, suspended and removed together).</summary>
    public int Users { get; init; } = 100;

    /// <summary>Users per team; the inventory has Users / UsersPerTeam teams (at least one).</summary>
    public int UsersPerTeam { get; init; } = 100;

    /// <summary>Share of users who are in a second team too.</summary>
    public double SecondTeamShare { get; init; } = 0.2;

    public double SuspendedShare { get; init; } = 0.03;

    public double RemovedShare { get; init; } = 0.02;

    /// <summary>Share of users (all ml-engineers) who ask for one passthrough GPU.</summary>
    public double GpuUserShare { get; init; } = 0.03;

    /// <summary>Role mix, by role name of the example roles.yaml; shares are normalised.</summary>
    public IReadOnlyList<(string Role, double Share)> RoleMix { get; init; } =
        [("developer", 0.55), ("analyst", 0.25), ("ml-engineer", 0.15), ("platform-admin", 0.05)];

    /// <summary>Proxmox hosts without GPUs: cores, memory and overcommit of each.</summary>
    public int HostCores { get; init; } = 64;

    public int HostMemoryGib { get; init; } = 1024;

    public double CpuOvercommit { get; init; } = 4.0;

    public double MemoryOvercommit { get; init; } = 1.5;

    public int GpusPerGpuHost { get; init; } = 4;

    /// <summary>Extra capacity on top of the worst case (every VM of the largest flavor), as a share.</summary>
    public double Headroom { get; init; } = 0.1;

    public int Seed { get; init; } = 42;

    public static string UserName(int index) => string.Create(CultureInfo.InvariantCulture, $"u{index:D5}");

    public static string TeamName(int index) => string.Create(CultureInfo.InvariantCulture, $"team-{index:D3}");

    public int Teams => Math.Max(1, Users / Math.Max(1, UsersPerTeam));

    /// <summary>Writes the whole inventory into <paramref name="root"/> (created if missing).</summary>
    public void WriteTo(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, InventoryFiles.UsersFolder));
        Directory.CreateDirectory(Path.Combine(root, InventoryFiles.TeamsFolder));
        foreach (var file in new[] { InventoryFiles.Platform, InventoryFiles.Services, InventoryFiles.Roles })
        {
            File.Copy(Path.Combine(Repo.ExampleInventory, file), Path.Combine(root, file), overwrite: true);
        }

        var random = new Random(Seed);
        var gpuUsers = (int)Math.Ceiling(Users * GpuUserShare);
        File.WriteAllText(Path.Combine(root, InventoryFiles.Hosts), HostsYaml(gpuUsers));
        for (var t = 0; t < Teams; t++)
        {
            File.WriteAllText(Path.Combine(root, InventoryFiles.TeamFile(TeamName(t))), $"description: Synthetic team {t}\n");
        }

        var gpuLeft = gpuUsers;
        for (var i = 0; i < Users; i++)
        {
            var gpu = gpuLeft-- > 0;
            File.WriteAllText(Path.Combine(root, InventoryFiles.UserFile(UserName(i))), UserYaml(i, random, gpu));
        }
    }

    /// <summary>The text of one user file; <paramref name="gpu"/> users are ml-engineers with one GPU.</summary>
    public string UserYaml(int index, Random random, bool gpu = false, string? team = null, string? flavor = null)
    {
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
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"full_name: Synthetic User {index}\n");
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

        if (state != "active" && !gpu)
        {
            text.Append(CultureInfo.InvariantCulture, $"state: {state}\n");
        }

        return text.ToString();
    }

    /// <summary>A well-formed ed25519 public key, different per user.</summary>
    public static string SshKey(int index)
    {
        var type = "ssh-ed25519"u8.ToArray();
        var blob = new List<byte>();
        blob.AddRange([0, 0, 0, (byte)type.Length]);
        blob.AddRange(type);
        blob.AddRange([0, 0, 0, 32]);
        blob.AddRange(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(index)));
        return "ssh-ed25519 " + Convert.ToBase64String([.. blob]);
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

    /// <summary>Central hosts of the example, then pve-NNN: enough for every VM at the largest flavor, GPU hosts first.</summary>
    private string HostsYaml(int gpuUsers)
    {
        var largest = (Cores: 8, MemoryGib: 32);
        var perHost = (int)Math.Min(HostCores * CpuOvercommit / largest.Cores, HostMemoryGib * MemoryOvercommit / largest.MemoryGib);
        var gpuHosts = (gpuUsers + GpusPerGpuHost - 1) / GpusPerGpuHost;
        var hosts = Math.Max(gpuHosts, (int)Math.Ceiling(Users * (1 + Headroom) / perHost));
        var map = YamlText.Map();
        foreach (var (name, host) in CentralHosts())
        {
            map[name] = host;
        }

        for (var h = 0; h < hosts; h++)
        {
            var host = YamlText.Map();
            host["kind"] = "proxmox";
            host["address"] = string.Create(CultureInfo.InvariantCulture, $"10.41.{1 + h / 250}.{1 + h % 250}");
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

        return YamlText.Serialize(map);
    }

    private static IEnumerable<(string Name, OrderedDictionary<string, object?> Host)> CentralHosts()
    {
        var set = InventoryLoader.Load(Repo.ExampleInventory, new DiagnosticBag());
        foreach (var (name, doc) in set.Hosts.Where(h => h.Value.Kind != "proxmox").OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var host = YamlText.Map();
            host["kind"] = doc.Kind;
            Put(host, "address", doc.Address);
            Put(host, "cores", doc.Cores);
            Put(host, "memory_gib", doc.MemoryGib);
            Put(host, "api", doc.Api);
            Put(host, "context", doc.Context);
            if (doc.Gpus.Count > 0)
            {
                host["gpus"] = doc.Gpus.Select(g => (object?)new OrderedDictionary<string, object?> { ["pci"] = g.Pci, ["model"] = g.Model }).ToList();
            }

            yield return (name, host);
        }
    }

    private static void Put(OrderedDictionary<string, object?> map, string key, object? value)
    {
        if (value is not null)
        {
            map[key] = value;
        }
    }
}
