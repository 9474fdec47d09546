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
}
