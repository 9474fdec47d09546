using System.Collections.Concurrent;
using Werkbank.Diagnostics;
using Werkbank.Inventory.Binding;
using Werkbank.Inventory.Documents;
using Werkbank.Inventory.Yaml;

namespace Werkbank.Inventory;

/// <summary>
/// Stage 1: reads an inventory folder into documents with positions. Every problem becomes a
/// diagnostic; the loader reads on after an error so that one run reports all of them.
/// </summary>
public static class InventoryLoader
{
    public static InventorySet Load(string root, DiagnosticBag diagnostics, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var files = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parsed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var hashes = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var read = new ReadFiles(files, parsed, hashes);
        if (!Directory.Exists(root))
        {
            diagnostics.Add(DiagnosticBuilder.At(SourceSpan.None).UnreadableFile(root, "no such folder"));
            return Empty(root);
        }

        // Absolute from here on: a relative path costs a getcwd() in every file operation.
        var ioRoot = Path.GetFullPath(root);

        YamlValue? ReadRequired(string relative) =>
            ReadFile(ioRoot, relative, limits, diagnostics, read, required: true);

        // The ledger is the one large file (an entry per user): parse it while the folders are read.
        var ledgerTask = Task.Run(() => ReadFile(ioRoot, InventoryFiles.Ledger, limits.ForLedger(), diagnostics, read, required: false));
        var platformYaml = ReadRequired(InventoryFiles.Platform);
        var hostsYaml = ReadRequired(InventoryFiles.Hosts);
        var servicesYaml = ReadRequired(InventoryFiles.Services);
        var rolesYaml = ReadRequired(InventoryFiles.Roles);
        var teams = LoadFolder<TeamDocument>(ioRoot, InventoryFiles.TeamsFolder, "team", limits, diagnostics, read);
        var users = LoadFolder<UserDocument>(ioRoot, InventoryFiles.UsersFolder, "user", limits, diagnostics, read);
        var ledgerYaml = ledgerTask.GetAwaiter().GetResult();

        var binderDiagnostics = new List<Diagnostic>();
        var binder = new YamlBinder(binderDiagnostics);
        var platform = platformYaml is null ? null
            : binder.BindObject<PlatformDocument>(platformYaml, InventoryFiles.Platform, SourceSpan.StartOf(InventoryFiles.Platform));
        var hosts = hostsYaml is null ? new Dictionary<string, HostDocument>() : binder.BindMap<HostDocument>(hostsYaml, "host");
        var services = servicesYaml is null ? new Dictionary<string, ServiceDocument>() : binder.BindMap<ServiceDocument>(servicesYaml, "service");
        var roles = rolesYaml is null ? new Dictionary<string, RoleDocument>() : binder.BindMap<RoleDocument>(rolesYaml, "role");
        var ledger = ledgerYaml is null ? null
            : binder.BindObject<LedgerDocument>(ledgerYaml, InventoryFiles.Ledger, SourceSpan.StartOf(InventoryFiles.Ledger));
        diagnostics.AddRange(binderDiagnostics);

        return new InventorySet(root, platform, hosts, services, roles, teams, users)
        {
            Files = new SortedDictionary<string, string>(files, StringComparer.Ordinal),
            FileHashes = hashes,
            Ledger = ledger,
            Broken = new HashSet<string>(files.Keys.Where(f => !parsed.ContainsKey(f)), StringComparer.Ordinal),
        };
    }

    /// <summary>The text of every file read, which of them parsed as YAML, and the hashes of their bytes.</summary>
    private readonly record struct ReadFiles(ConcurrentDictionary<string, string> Text, ConcurrentDictionary<string, bool> Parsed, ConcurrentDictionary<string, byte[]> Hashes);

    private static InventorySet Empty(string root) => new(
        root, null, new Dictionary<string, HostDocument>(), new Dictionary<string, ServiceDocument>(),
        new Dictionary<string, RoleDocument>(), new Dictionary<string, TeamDocument>(), new Dictionary<string, UserDocument>());

    /// <summary>One object per file: teams/&lt;team&gt;.yaml, users/&lt;user&gt;.yaml. Read in parallel, returned sorted by name.</summary>
    private static SortedDictionary<string, T> LoadFolder<T>(
        string root, string folder, string kind, YamlLimits limits, DiagnosticBag diagnostics, ReadFiles files)
        where T : InventoryNode
    {
        var result = new SortedDictionary<string, T>(StringComparer.Ordinal);
        var directory = new DirectoryInfo(Path.Combine(root, folder));
        if (!directory.Exists)
        {
            return result;
        }

        if (SourceText.LinkLeavesRoot(root, directory) is { } target)
        {
            diagnostics.Add(DiagnosticBuilder.At(SourceSpan.StartOf(folder)).SymlinkOutsideInventory(target));
            return result;
        }

        var candidates = new List<string>();
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = $"{folder}/{entry.Name}";
            if (entry.Name.StartsWith('.') || entry.Name.EndsWith(".md", StringComparison.Ordinal))
            {
                continue; // .gitkeep, README.md and editor files belong to people, not to the generator
            }

            if (entry is DirectoryInfo || !entry.Name.EndsWith(".yaml", StringComparison.Ordinal))
            {
                diagnostics.Add(DiagnosticBuilder.At(SourceSpan.StartOf(relative)).UnexpectedFile(relative,
                    $"{folder}/ holds one <{kind}>.yaml file per {kind}"));
                continue;
            }

            candidates.Add(relative);
        }

        var loaded = new (string Name, T? Document)[candidates.Count];
        Parallel.For(0, candidates.Count, i =>
        {
            var relative = candidates[i];
            var name = Path.GetFileNameWithoutExtension(relative);
            // The folder was checked for links out of the inventory above: only the file itself is left to check.
            var yaml = ReadFile(root, relative, limits, diagnostics, files, required: true, enumeratedFile: true);
            if (yaml is null)
            {
                return;
            }

            var local = new List<Diagnostic>();
            var document = new YamlBinder(local).BindObject<T>(yaml, $"{kind} '{name}'", SourceSpan.StartOf(relative));
            if (document is not null && DeclaredName(document) is { } declared && declared != name)
            {
                local.Add(DiagnosticBuilder.At(document.SpanOf("name")).NameMismatch(declared, name));
            }

            diagnostics.AddRange(local);
            loaded[i] = (name, document);
        });

        foreach (var (name, document) in loaded)
        {
            if (document is not null)
            {
                result[name] = document;
            }
        }

        return result;
    }

    private static string? DeclaredName(InventoryNode document) => document switch
    {
        UserDocument user => user.Name,
        TeamDocument team => team.Name,
        _ => null,
    };

    private static YamlValue? ReadFile(
        string root, string relative, YamlLimits limits, DiagnosticBag diagnostics, ReadFiles read, bool required, bool enumeratedFile = false)
    {
        var path = Path.Combine(root, relative);
        if (!enumeratedFile && Directory.Exists(path)) // an enumerated file is known not to be a folder
        {
            diagnostics.Add(DiagnosticBuilder.At(SourceSpan.StartOf(relative)).UnexpectedFile(relative, "a folder stands where a file is expected"));
            return null;
        }

        if (!enumeratedFile && !File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            if (required)
            {
                diagnostics.Add(DiagnosticBuilder.At(SourceSpan.None).MissingFile(relative));
            }

            return null;
        }

        var local = new List<Diagnostic>();
        var text = SourceText.Read(root, relative, limits.MaxFileBytes, local, parentChecked: enumeratedFile, hashed: hash => read.Hashes[relative] = hash);
        if (text is not null)
        {
            read.Text[relative] = text;
            Validation.SecretRules.Check(relative, text, local);
            var (yaml, yamlDiagnostics) = YamlReader.Read(relative, text, limits);
            local.AddRange(yamlDiagnostics);
            if (yaml is not null)
            {
                read.Parsed[relative] = true;
            }

            if (yaml is null && !local.Any(d => d.IsError))
            {
                local.Add(DiagnosticBuilder.At(SourceSpan.StartOf(relative)).EmptyDocument(relative));
            }

            diagnostics.AddRange(local);
            return yaml;
        }

        diagnostics.AddRange(local);
        return null;
    }
}
