using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("allocations.lock.yaml: written by render and committed; pins each user's VM id, address and Proxmox host.")]
public sealed record LedgerDocument : InventoryNode
{
    [Description("One entry per user name, including tombstones of removed users.")]
    public IReadOnlyDictionary<string, LedgerEntryDocument> Vms { get; init; } = new Dictionary<string, LedgerEntryDocument>();
}

public sealed record LedgerEntryDocument : InventoryNode
{
    [Required, Range(100, 999_999_999), Description("Proxmox VM id; never reused.")]
    public int VmId { get; init; }

    [Required, Description("IPv4 address inside network.vm_cidr; never reused.")]
    public string Address { get; init; } = string.Empty;

    [Description("Proxmox host the VM runs on; delete it to let placement choose again (id and address stay).")]
    public string? Host { get; init; }

    [Range(0, 4096), Description("Cores the VM was placed with.")]
    public int Cores { get; init; }

    [Range(0, 65536), Description("Memory (GiB) the VM was placed with.")]
    public int MemoryGib { get; init; }

    [Description("PCI addresses of the host GPUs passed through to the VM.")]
    public IReadOnlyList<string> Gpus { get; init; } = [];

    [Description("The user is removed: the id and address stay reserved forever.")]
    public bool Tombstone { get; init; }
}
