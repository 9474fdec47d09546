using System.Globalization;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Proxmox;

/// <summary>
/// out/proxmox/: an Ansible inventory of the Proxmox nodes and of every VM (active, suspended,
/// removed), host_vars/&lt;vm&gt;.yml with everything about one VM (so adding a user adds one file and
/// one inventory line), and provision.yml, the same for every inventory (<see cref="ProxmoxPlaybook"/>).
/// </summary>
public sealed class ProxmoxTarget : ITarget
{
    public const string Folder = "proxmox";

    /// <summary>Proxmox "dir" storage that holds the cloud-init snippets (cicustom), and its path on every node.</summary>
    public const string SnippetStorage = "local";

    public const string SnippetDirectory = "/var/lib/vz/snippets";

    private const string Header = "# Rendered by Werkbank from inventory/ (users, hosts.yaml, allocations.lock.yaml); change the inventory, not this file.";

    public string Name => "proxmox";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        output.Add(Yaml("inventory.yml", Inventory(model), [Source.Platform, Source.Ledger, .. model.Hosts.Select(h => Source.Host(h.Name)), .. model.Users.Select(u => Source.User(u.Name))]));
        output.Add(Yaml("provision.yml", ProxmoxPlaybook.Build(), [Source.Platform]));
        Parallel.ForEach(model.PresentUsers, context.ParallelOptions, user =>
            output.Add(Yaml($"host_vars/{user.VmName}.yml", VmVars(model, user), [Source.User(user.Name), Source.Role(user.Role), Source.Platform, Source.Ledger])));
        foreach (var tombstone in model.Tombstones)
        {
            output.Add(Yaml($"host_vars/{tombstone.VmName}.yml", RemovedVars(model, tombstone), [Source.User(tombstone.User), Source.Ledger]));
        }
    }

    private static OutputFile Yaml(string path, object data, IEnumerable<string> sources) =>
        YamlText.File($"{Folder}/{path}", data, Header, indentSequences: true, sources);

    private static OrderedDictionary<string, object?> Inventory(PlatformModel model)
    {
        var nodes = YamlText.Map();
        foreach (var host in model.Hosts.Where(h => h.Kind == HostKind.Proxmox))
        {
            var node = YamlText.Map();
            node["ansible_host"] = host.Address;
            node["ansible_user"] = "root";
            nodes[host.Name] = node;
        }

        var vars = YamlText.Map();
        vars["werkbank_template"] = model.Platform.VmTemplate;
        vars["werkbank_snippet_storage"] = SnippetStorage;
        vars["werkbank_snippet_dir"] = SnippetDirectory;
        vars["werkbank_api_user"] = Env("PROXMOX_API_USER");
        vars["werkbank_api_token_id"] = Env("PROXMOX_API_TOKEN_ID");
        vars["werkbank_api_token_secret"] = Env("PROXMOX_API_TOKEN_SECRET");

        var children = YamlText.Map();
        children["proxmox_nodes"] = Hosts(nodes);
        var vms = YamlText.Map();
        vms["active_vms"] = Hosts(VmNames(model.Users.Where(u => u.State == UserState.Active)));
        vms["suspended_vms"] = Hosts(VmNames(model.Users.Where(u => u.State == UserState.Suspended)));
        var workspace = YamlText.Map();
        workspace["children"] = vms;
        children["workspace_vms"] = workspace;
        children["removed_vms"] = Hosts(VmNames(model.Tombstones.Select(t => t.VmName)));

        var all = YamlText.Map();
        all["vars"] = vars;
        all["children"] = children;
        var root = YamlText.Map();
        root["all"] = all;
        return root;
    }

    private static OrderedDictionary<string, object?> VmNames(IEnumerable<UserModel> users) => VmNames(users.Select(u => u.VmName));

    private static OrderedDictionary<string, object?> VmNames(IEnumerable<string> names)
    {
        var hosts = YamlText.Map();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            hosts[name] = YamlText.Map(); // everything about the VM is in host_vars/<vm>.yml
        }

        return hosts;
    }

    private static OrderedDictionary<string, object?> Hosts(OrderedDictionary<string, object?> hosts)
    {
        var group = YamlText.Map();
        group["hosts"] = hosts;
        return group;
    }

    /// <summary>An Ansible lookup of an environment variable: credentials never enter out/.</summary>
    private static string Env(string name) => $"{{{{ lookup('ansible.builtin.env', '{name}') }}}}";

    private static OrderedDictionary<string, object?> VmVars(PlatformModel model, UserModel user)
    {
        var allocation = user.Allocation ?? throw new InvalidOperationException($"user '{user.Name}' has no allocation");
        var network = model.Platform.Network;
        var host = model.Host(allocation.Host);
        var vars = Common(model, user.Name, allocation, user.State.ToString().ToLowerInvariant());
        vars["werkbank_cores"] = user.Flavor.Cores;
        vars["werkbank_memory_mib"] = user.Flavor.MemoryGib * 1024;
        vars["werkbank_disk_size"] = string.Create(CultureInfo.InvariantCulture, $"{user.Flavor.DiskGib}G");
        vars["werkbank_storage"] = host.Storage;
        var net0 = $"virtio={MacAddress.ForVm(allocation.VmId)},bridge={network.Bridge}" +
            (network.Vlan is { } vlan ? string.Create(CultureInfo.InvariantCulture, $",tag={vlan}") : string.Empty);
        vars["werkbank_net"] = new OrderedDictionary<string, object?> { ["net0"] = net0 };
        vars["werkbank_ipconfig"] = new OrderedDictionary<string, object?>
        {
            ["ipconfig0"] = $"ip={allocation.Address}/{network.PrefixLength},gw={network.Gateway}",
        };
        vars["werkbank_nameservers"] = network.Dns.ToList();
        vars["werkbank_searchdomain"] = model.Platform.Domain;
        var hostpci = YamlText.Map(allocation.GpuPcis.Length);
        for (var i = 0; i < allocation.GpuPcis.Length; i++)
        {
            hostpci[string.Create(CultureInfo.InvariantCulture, $"hostpci{i}")] = allocation.GpuPcis[i];
        }

        vars["werkbank_hostpci"] = hostpci;
        vars["werkbank_tags"] = Tags(user);
        var snippet = $"{SnippetStorage}:snippets/{user.VmName}";
        vars["werkbank_cicustom"] = $"user={snippet}-user-data.yaml,network={snippet}-network-config.yaml,meta={snippet}-meta-data.yaml";
        vars["werkbank_onboot"] = user.State == UserState.Active;
        return vars;
    }

    private static OrderedDictionary<string, object?> RemovedVars(PlatformModel model, VmTombstone tombstone) =>
        Common(model, tombstone.User, tombstone.Allocation, "removed");

    private static OrderedDictionary<string, object?> Common(PlatformModel model, string user, VmAllocation allocation, string state)
    {
        var vars = YamlText.Map(capacity: 18); // a VM's host_vars have 18 keys
        vars["werkbank_user"] = user;
        vars["werkbank_state"] = state;
        vars["werkbank_vmid"] = allocation.VmId;
        vars["werkbank_node"] = allocation.Host;
        vars["werkbank_api_host"] = model.FindHost(allocation.Host)?.Address
            ?? model.Hosts.FirstOrDefault(h => h.Kind == HostKind.Proxmox)?.Address;
        vars["werkbank_address"] = allocation.Address;
        return vars;
    }

    /// <summary>Proxmox tags ([a-z0-9_][a-z0-9_+.-]*): werkbank, the role and each team.</summary>
    private static List<string> Tags(UserModel user) =>
        ["werkbank", $"role-{user.Role}", .. user.Teams.Order(StringComparer.Ordinal).Select(t => $"team-{t}")];
}
