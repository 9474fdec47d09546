using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("A machine of hosts.yaml: a Proxmox node for user VMs, a docker host or a Kubernetes cluster for central services.")]
public sealed record HostDocument : InventoryNode
{
    [Required, AllowedValues("proxmox", "docker", "kubernetes")]
    public string Kind { get; init; } = string.Empty;

    [Description("IPv4 address (proxmox and docker hosts).")]
    public string? Address { get; init; }

    [Range(1, 4096)]
    public int? Cores { get; init; }

    [Range(1, 65536)]
    public int? MemoryGib { get; init; }

    [Description("Proxmox storage for VM disks (default local-lvm).")]
    public string? Storage { get; init; }

    public OvercommitDocument? Overcommit { get; init; }

    public IReadOnlyList<GpuDocument> Gpus { get; init; } = [];

    [Description("Kubernetes API URL (kubernetes hosts).")]
    public string? Api { get; init; }

    [Description("kubeconfig context (kubernetes hosts).")]
    public string? Context { get; init; }
}

public sealed record OvercommitDocument : InventoryNode
{
    [Range(1.0, 16.0)]
    public double Cpu { get; init; } = 1.0;

    [Range(1.0, 4.0)]
    public double Memory { get; init; } = 1.0;
}

public sealed record GpuDocument : InventoryNode
{
    [Required, RegularExpression("^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$"), Description("PCI address, e.g. 0000:41:00.0.")]
    public string Pci { get; init; } = string.Empty;

    [Required]
    public string Model { get; init; } = string.Empty;
}
