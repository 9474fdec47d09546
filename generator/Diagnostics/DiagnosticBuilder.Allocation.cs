namespace Werkbank.Diagnostics;

/// <summary>INV02xx: the allocation ledger (allocations.lock.yaml) and the placement of VMs on Proxmox hosts.</summary>
public readonly partial struct At
{
    private const string LedgerHint = "allocations.lock.yaml is written by render; restore it from git (git checkout -- inventory/allocations.lock.yaml) rather than editing it.";

    public Diagnostic LedgerDuplicateVmId(int vmId, string otherUser) =>
        Error("INV0201", $"VM id {vmId} is also allocated to '{otherUser}'", LedgerHint);

    public Diagnostic LedgerDuplicateAddress(string address, string otherUser) =>
        Error("INV0202", $"address {address} is also allocated to '{otherUser}'", LedgerHint);

    public Diagnostic LedgerAddressOutsideNetwork(string address, string cidr) =>
        Error("INV0203", $"address {address} is not inside network.vm_cidr {cidr}",
            "Changing vm_cidr does not move existing VMs; restore the old vm_cidr or re-address the VMs deliberately.");

    public Diagnostic LedgerReservedAddress(string address, string usedBy) =>
        Error("INV0204", $"address {address} cannot be a VM address: it is {usedBy}", LedgerHint);

    public Diagnostic LedgerUnknownHost(string host, IEnumerable<string> proxmoxHosts) =>
        Error("INV0205", $"the VM is on '{host}', which is not a proxmox host in hosts.yaml{Suggest.DidYouMean(host, proxmoxHosts)}",
            "To move the VM, delete this 'host' line (or pin vm.host in the user's file): placement then chooses again and keeps its id and address.");

    public Diagnostic LedgerUnknownGpu(string pci, string host) =>
        Error("INV0206", $"GPU {pci} is not a GPU of host '{host}'",
            "Delete this GPU line: render assigns a free GPU of the host again.");

    public Diagnostic LedgerGpuTwice(string pci, string host, string otherUser) =>
        Error("INV0207", $"GPU {pci} of host '{host}' is also assigned to '{otherUser}'", "A GPU passes through to one VM only. " + LedgerHint);

    public Diagnostic LedgerInvalidUserName(string name) =>
        Error("INV0208", $"'{name}' in the ledger is not a valid user name", LedgerHint);

    public Diagnostic VmDoesNotFit(string user, string asked, string freePerHost) =>
        Error("INV0209", $"the VM of user '{user}' does not fit: it asks for {asked}", $"Free per host: {freePerHost}. Add a host, raise its overcommit, choose a smaller flavor, or unpin vm.host.");

    // INV0210 (no free address for one user) was retired: the allocator first checks that the network
    // has room for every VM (INV0915, at vm_cidr). The code is not reused.
}
