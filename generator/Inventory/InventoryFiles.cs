namespace Werkbank.Inventory;

/// <summary>The fixed file layout of an inventory folder.</summary>
public static class InventoryFiles
{
    public const string Platform = "platform.yaml";
    public const string Hosts = "hosts.yaml";
    public const string Services = "services.yaml";
    public const string Roles = "roles.yaml";
    public const string TeamsFolder = "teams";
    public const string UsersFolder = "users";
    public const string Ledger = "allocations.lock.yaml";

    public static string UserFile(string user) => $"{UsersFolder}/{user}.yaml";

    public static string TeamFile(string team) => $"{TeamsFolder}/{team}.yaml";

    /// <summary>The editor hint every inventory file starts with; the path is relative to the file.</summary>
    public static string SchemaLine(string relativeFile)
    {
        var depth = relativeFile.Count(c => c == '/');
        var up = string.Concat(Enumerable.Repeat("../", depth + 1));
        var kind = relativeFile switch
        {
            Platform => "platform",
            Hosts => "hosts",
            Services => "services",
            Roles => "roles",
            Ledger => "allocations",
            _ when relativeFile.StartsWith(TeamsFolder + "/", StringComparison.Ordinal) => "team",
            _ => "user",
        };
        return $"# yaml-language-server: $schema={up}schema/{kind}.schema.json";
    }
}
