using System.Globalization;

namespace Werkbank.Model;

/// <summary>
/// The MAC address of a VM's first NIC, derived from its VM id under Proxmox's own prefix BC:24:11,
/// so that Proxmox (net0) and cloud-init (network-config match) agree without a lookup.
/// </summary>
public static class MacAddress
{
    public static string ForVm(int vmId) =>
        string.Create(CultureInfo.InvariantCulture, $"bc:24:11:{(vmId >> 16) & 0xff:x2}:{(vmId >> 8) & 0xff:x2}:{vmId & 0xff:x2}");
}
