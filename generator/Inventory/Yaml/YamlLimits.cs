namespace Werkbank.Inventory.Yaml;

/// <summary>
/// Bounds that keep a hostile or broken file from exhausting the machine. Real inventory files are
/// a few kilobytes; the limits are far above that and far below harm.
/// </summary>
public sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    public long MaxFileBytes { get; init; } = 1024 * 1024;
    public int MaxDepth { get; init; } = 32;
    public int MaxNodes { get; init; } = 100_000;
    public int MaxScalarLength { get; init; } = 64 * 1024;
    public int MaxAliasUses { get; init; } = 100;

    /// <summary>
    /// The ledger is written by the generator and grows with the number of users (about ten values and
    /// 250 bytes per VM), so it gets room for a million VMs; depth and string limits stay as they are.
    /// </summary>
    public YamlLimits ForLedger() => this with
    {
        MaxFileBytes = Math.Max(MaxFileBytes, 512L * 1024 * 1024),
        MaxNodes = Math.Max(MaxNodes, 20_000_000),
    };
}
