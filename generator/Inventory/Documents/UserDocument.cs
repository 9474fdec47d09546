using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("users/<user>.yaml: one person; the file name is the user name.")]
public sealed record UserDocument : InventoryNode
{
    [Description("Optional; when given it must equal the file name.")]
    public string? Name { get; init; }

    [Required]
    public string FullName { get; init; } = string.Empty;

    [Required]
    public string Email { get; init; } = string.Empty;

    [Required]
    public string Role { get; init; } = string.Empty;

    public IReadOnlyList<string> Teams { get; init; } = [];

    [Description("OpenSSH public keys, one line each.")]
    public IReadOnlyList<string> SshKeys { get; init; } = [];

    public UserVmDocument? Vm { get; init; }

    [Description("Subset of the role's local services (default: all of them).")]
    public IReadOnlyList<string>? Local { get; init; }

    [AllowedValues("active", "suspended", "removed")]
    public string State { get; init; } = "active";
}

public sealed record UserVmDocument : InventoryNode
{
    public string? Flavor { get; init; }

    [Range(0, 8), Description("Passthrough GPUs; only where the role allows gpu.")]
    public int Gpus { get; init; }

    [Description("Pin to a Proxmox host; otherwise placement decides.")]
    public string? Host { get; init; }
}
