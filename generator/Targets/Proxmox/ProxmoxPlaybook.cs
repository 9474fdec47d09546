using Werkbank.Output;

namespace Werkbank.Targets.Proxmox;

/// <summary>
/// provision.yml: the same plays for every inventory; all per-VM values come from host_vars/&lt;vm&gt;.yml.
/// A clone ignores sizes and cloud-init settings, so each VM is cloned, then updated, then its disk
/// grown, then started (active) or stopped (suspended). Removed VMs are destroyed only by a play that
/// does nothing unless the run is given <c>-e werkbank_destroy=true</c>.
/// </summary>
public static class ProxmoxPlaybook
{
    public const string DestroyVariable = "werkbank_destroy";

    public static List<object?> Build() =>
    [
        Play("Upload the cloud-init snippets of each VM to its Proxmox node", "workspace_vms",
        [
            Task("Copy user-data, network-config and meta-data into the node's snippet storage", "ansible.builtin.copy", new()
            {
                ["src"] = "{{ playbook_dir }}/../cloud-init/{{ werkbank_user }}/{{ item }}",
                ["dest"] = "{{ werkbank_snippet_dir }}/{{ inventory_hostname }}-{{ item }}.yaml",
                ["owner"] = "root",
                ["group"] = "root",
                ["mode"] = "0600",
            }, extra: new()
            {
                ["loop"] = new List<object?> { "user-data", "network-config", "meta-data" },
                ["delegate_to"] = "{{ werkbank_node }}",
            }),
        ]),
        Play("Provision the workspace VMs on Proxmox", "workspace_vms",
        [
            Api("Clone the template into the VM", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["clone"] = "{{ werkbank_template }}",
                ["name"] = "{{ inventory_hostname }}",
                ["newid"] = "{{ werkbank_vmid }}",
                ["full"] = true,
                ["storage"] = "{{ werkbank_storage }}",
                ["timeout"] = 600,
            }),
            Api("Configure the VM (the clone ignored sizes and cloud-init settings)", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["vmid"] = "{{ werkbank_vmid }}",
                ["update"] = true,
                ["cores"] = "{{ werkbank_cores }}",
                ["memory"] = "{{ werkbank_memory_mib }}",
                ["net"] = "{{ werkbank_net }}",
                ["hostpci"] = "{{ werkbank_hostpci }}",
                ["ipconfig"] = "{{ werkbank_ipconfig }}",
                ["nameservers"] = "{{ werkbank_nameservers }}",
                ["searchdomains"] = "{{ werkbank_searchdomain }}",
                ["cicustom"] = "{{ werkbank_cicustom }}",
                ["tags"] = "{{ werkbank_tags }}",
                ["onboot"] = "{{ werkbank_onboot }}",
            }),
            Api("Grow the system disk to the flavor's size", "community.general.proxmox_disk", new()
            {
                ["vmid"] = "{{ werkbank_vmid }}",
                ["disk"] = "scsi0",
                ["size"] = "{{ werkbank_disk_size }}",
                ["state"] = "resized",
            }),
            Api("Start the VM of an active user", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["vmid"] = "{{ werkbank_vmid }}",
                ["state"] = "started",
            }, when: "werkbank_state == 'active'"),
            Api("Stop the VM of a suspended user", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["vmid"] = "{{ werkbank_vmid }}",
                ["state"] = "stopped",
            }, when: "werkbank_state == 'suspended'"),
        ]),
        Play($"Destroy the VMs of removed users (only with -e {DestroyVariable}=true)", "removed_vms",
        [
            Api("Stop the VM of a removed user", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["vmid"] = "{{ werkbank_vmid }}",
                ["state"] = "stopped",
                ["force"] = true,
            }, when: $"{DestroyVariable} | default(false) | bool"),
            Api("Delete the VM of a removed user", "community.general.proxmox_kvm", new()
            {
                ["node"] = "{{ werkbank_node }}",
                ["vmid"] = "{{ werkbank_vmid }}",
                ["state"] = "absent",
            }, when: $"{DestroyVariable} | default(false) | bool"),
        ]),
    ];

    private static OrderedDictionary<string, object?> Play(string name, string hosts, List<object?> tasks) => new(StringComparer.Ordinal)
    {
        ["name"] = name,
        ["hosts"] = hosts,
        ["gather_facts"] = false,
        ["tasks"] = tasks,
    };

    /// <summary>A Proxmox API task: run from the controller, credentials from the environment (inventory.yml's vars).</summary>
    private static OrderedDictionary<string, object?> Api(string name, string module, OrderedDictionary<string, object?> args, string? when = null)
    {
        var withApi = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["api_host"] = "{{ werkbank_api_host }}",
            ["api_user"] = "{{ werkbank_api_user }}",
            ["api_token_id"] = "{{ werkbank_api_token_id }}",
            ["api_token_secret"] = "{{ werkbank_api_token_secret }}",
        };
        foreach (var (key, value) in args)
        {
            withApi[key] = value;
        }

        var extra = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["delegate_to"] = "localhost" };
        if (when is not null)
        {
            extra["when"] = when;
        }

        return Task(name, module, withApi, extra);
    }

    private static OrderedDictionary<string, object?> Task(
        string name, string module, OrderedDictionary<string, object?> args, OrderedDictionary<string, object?>? extra = null)
    {
        var task = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["name"] = name, [module] = args };
        foreach (var (key, value) in extra ?? [])
        {
            task[key] = value;
        }

        return task;
    }
}
