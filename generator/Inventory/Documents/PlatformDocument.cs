using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("platform.yaml: the one platform: domain, networks, flavors, defaults.")]
public sealed record PlatformDocument : InventoryNode
{
    [Required, RegularExpression(Slug.Pattern), Description("Slug; prefixes resource names.")]
    public string Name { get; init; } = string.Empty;

    [Required, Description("Internal DNS zone: <service>.<domain>, <user>-ws.<domain>.")]
    public string Domain { get; init; } = string.Empty;

    [Description("Keycloak realm (default: name).")]
    public string? Realm { get; init; }

    [Description("IANA time zone of the VMs, e.g. Europe/Berlin (default UTC).")]
    public string? Timezone { get; init; }

    [Description("Locale of the VMs, e.g. de_DE.UTF-8 (default en_US.UTF-8).")]
    public string? Locale { get; init; }

    [AllowedValues("traefik", "kong"), Description("The API gateway in front of every central service.")]
    public string Gateway { get; init; } = "traefik";

    [Required]
    public NetworkDocument Network { get; init; } = new();

    [Required, Description("Proxmox template to clone.")]
    public string VmTemplate { get; init; } = string.Empty;

    [Required, Description("VM sizes by name.")]
    public IReadOnlyDictionary<string, FlavorDocument> Flavors { get; init; } = new Dictionary<string, FlavorDocument>();

    public QdrantSettingsDocument Qdrant { get; init; } = new();

    public SecretsDocument Secrets { get; init; } = new();

    public TlsDocument Tls { get; init; } = new();
}

public sealed record NetworkDocument : InventoryNode
{
    [Required, Description("User VM addresses are allocated from here (IPv4 CIDR).")]
    public string VmCidr { get; init; } = string.Empty;

    [Required, Description("Default gateway of the VM network; inside vm_cidr.")]
    public string Gateway { get; init; } = string.Empty;

    [Description("DNS servers the VMs use.")]
    public IReadOnlyList<string> Dns { get; init; } = [];

    [Description("Proxmox bridge of the VM NICs (default vmbr0).")]
    public string Bridge { get; init; } = "vmbr0";

    [Range(1, 4094), Description("VLAN tag of the VM NICs (optional).")]
    public int? Vlan { get; init; }
}

public sealed record FlavorDocument : InventoryNode
{
    [Required, Range(1, 512)]
    public int Cores { get; init; }

    [Required, Range(1, 4096)]
    public int MemoryGib { get; init; }

    [Required, Range(8, 65536)]
    public int DiskGib { get; init; }
}

public sealed record QdrantSettingsDocument : InventoryNode
{
    [AllowedValues("collection-per-team", "shared-collection")]
    public string Tenancy { get; init; } = "collection-per-team";

    [Range(1, 65536)]
    public int VectorSize { get; init; } = 768;

    [AllowedValues("cosine", "dot", "euclid", "manhattan")]
    public string Distance { get; init; } = "cosine";
}

public sealed record SecretsDocument : InventoryNode
{
    [AllowedValues("ci-variables"), Description("Rendered files hold ${NAME} placeholders; apply fills them.")]
    public string Provider { get; init; } = "ci-variables";
}

[Description("TLS at the gateway: its certificate for *.<domain> comes from the CI variables TLS_CERTIFICATE and TLS_PRIVATE_KEY (PEM) when out/ is applied.")]
public sealed record TlsDocument : InventoryNode
{
    [Description("PEM of the internal CA (one or more certificates) that issued the gateway's certificate. The VMs and the central services trust it. Leave it out when a public CA issued it. Never a private key.")]
    public string? CaCertificate { get; init; }
}
