using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Inventory;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Tls;

namespace Werkbank.Targets.CloudInit;

/// <summary>
/// out/cloud-init/&lt;user&gt;/{user-data,meta-data,network-config} for every user whose VM exists
/// (active and suspended; a suspended VM is stopped, not deleted, and keeps its snippet).
/// </summary>
public sealed class CloudInitTarget : ITarget
{
    public string Name => "cloud-init";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var shared = new SharedFiles { CaCertificates = model.Platform.InternalCa, CentralOllama = $"https://{model.Fqdn("ollama")}" };
        Parallel.ForEach(model.PresentUsers, context.ParallelOptions, user =>
        {
            var sources = new[] { Source.User(user.Name), Source.Role(user.Role), Source.Platform, Source.Ledger };
            var folder = $"cloud-init/{user.Name}";
            output.Add(context.Templates.RenderFile($"{folder}/user-data", "cloud-init/user-data.sbn", UserData(context, user, shared), sources));
            output.Add(context.Templates.RenderFile($"{folder}/meta-data", "cloud-init/meta-data.sbn", MetaData(user), sources));
            output.Add(context.Templates.RenderFile($"{folder}/network-config", "cloud-init/network-config.sbn", Network(model, user), sources));
        });
    }

    private static MetaDataView MetaData(UserModel user) =>
        new($"{user.VmName}-{Allocation(user).VmId}", user.VmName);

    private static NetworkConfigView Network(PlatformModel model, UserModel user)
    {
        var allocation = Allocation(user);
        var network = model.Platform.Network;
        return new NetworkConfigView(MacAddress.ForVm(allocation.VmId), $"{allocation.Address}/{network.PrefixLength}", network.Gateway, network.Dns, model.Platform.Domain);
    }

    private static VmAllocation Allocation(UserModel user) =>
        user.Allocation ?? throw new InvalidOperationException($"user '{user.Name}' has no allocation");

    /// <summary>Files that many users share byte for byte, made once per render.</summary>
    private sealed class SharedFiles
    {
        /// <summary>The internal CA's certificates, which every VM trusts (cloud-init's ca_certs, one entry each: cloud-init 23
        /// and later write a file per entry; older ones one file, which update-ca-certificates adds to the bundle all the same).</summary>
        public required IReadOnlyList<string> CaCertificates { get; init; }

        /// <summary>The central Ollama's URL, which every user without a local one uses.</summary>
        public required string CentralOllama { get; init; }

        public ConcurrentDictionary<string, string> ComposeBodies { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, string> ZedSettings { get; } = new(StringComparer.Ordinal);

        /// <summary>The central services' URLs and the profile script, by the set of services a user may use and their Ollama.</summary>
        public ConcurrentDictionary<string, (List<EnvironmentView> Central, string Profile)> Environments { get; } = new(StringComparer.Ordinal);
    }

    private static UserDataView UserData(RenderContext context, UserModel user, SharedFiles shared)
    {
        var model = context.Model;
        var ollamaUrl = user.HasLocal("ollama") ? "http://127.0.0.1:11434" : shared.CentralOllama;
        var (centralEnvironment, profile) = SharedEnvironment(model, user, ollamaUrl, shared);
        var local = LocalServices.Ports(user).Select(p => new EnvironmentView(p.Service, p.Url)).ToList();
        var home = $"/home/{user.Name}";
        var owner = $"{user.Name}:{user.Name}";
        var workspace = new WorkspaceView(user.FullName, user.Name, user.Role, user.Teams, model.Fqdn(user.VmName), user.Flavor.Name, centralEnvironment, local, ollamaUrl, model.Service("ollama")?.Models ?? []);

        var files = new List<WriteFileView>();
        if (user.Local.Length > 0)
        {
            files.Add(new WriteFileView("/opt/workspace/docker-compose.yml", "root:root", "0644", LocalServices.Compose(user, model, shared.ComposeBodies), Defer: false));
        }

        files.Add(new WriteFileView("/etc/profile.d/werkbank.sh", "root:root", "0644", profile, Defer: false));
        files.Add(new WriteFileView($"{home}/.config/zed/settings.json", owner, "0644", shared.ZedSettings.GetOrAdd(ollamaUrl, url => ZedSettings(model, url)), Defer: true));
        files.Add(new WriteFileView($"{home}/WORKSPACE.md", owner, "0644", context.Templates.Render("cloud-init/WORKSPACE.md.sbn", workspace), Defer: true));

        return new UserDataView(
            InventoryFiles.UserFile(user.Name),
            user.VmName,
            model.Fqdn(user.VmName),
            model.Platform.Timezone,
            model.Platform.Locale,
            user.Name,
            user.FullName,
            user.IsAdmin,
            user.SshKeys,
            files,
            centralEnvironment,
            user.Local.Length > 0,
            user.State.ToString().ToLowerInvariant(),
            shared.CaCertificates);
    }

    /// <summary>
    /// The user's central environment and profile script, shared by every user with the same central
    /// services and Ollama. Looked up by a key on the stack (a 1 or 0 per service, then the Ollama URL):
    /// a key string per user only for the first of each kind.
    /// </summary>
    private static (List<EnvironmentView> Central, string Profile) SharedEnvironment(PlatformModel model, UserModel user, string ollamaUrl, SharedFiles shared)
    {
        var services = model.Services;
        var length = services.Length + 1 + ollamaUrl.Length;
        var key = length <= 512 ? stackalloc char[length] : new char[length];
        for (var i = 0; i < services.Length; i++)
        {
            key[i] = IsCentralFor(services[i], user) ? '1' : '0';
        }

        key[services.Length] = '\n';
        ollamaUrl.CopyTo(key[(services.Length + 1)..]);
        var lookup = shared.Environments.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out var found))
        {
            return found;
        }

        bool[] central = [.. services.Select(s => IsCentralFor(s, user))];
        return shared.Environments.GetOrAdd(key.ToString(), _ => CentralEnvironment(model, central, ollamaUrl));
    }

    /// <summary>Whether a service is a central service the user may use.</summary>
    private static bool IsCentralFor(ServiceModel service, UserModel user) =>
        !ServiceCatalog.IsInfrastructure(service.Name) && user.LevelFor(service.Name) != AccessLevel.None;

    /// <summary>
    /// URLs of the central services the user may use, as environment variables (OPEN_WEBUI_URL, ...), and
    /// the profile script that exports them. Made once per distinct set: most users share theirs with many.
    /// </summary>
    private static (List<EnvironmentView> Central, string Profile) CentralEnvironment(PlatformModel model, bool[] central, string ollamaUrl)
    {
        List<EnvironmentView> environment = [.. model.Services
            .Where((_, i) => central[i])
            .Select(s => new EnvironmentView(EnvName(s.Name), $"https://{model.Fqdn(s.Name)}"))];
        return (environment, ProfileScript(environment, ollamaUrl));
    }

    private static string EnvName(string service) => service.ToUpperInvariant().Replace('-', '_') + "_URL";

    private static string ProfileScript(IEnumerable<EnvironmentView> central, string ollamaUrl)
    {
        var lines = new List<string> { "# Central services of the AI workspace, rendered by Werkbank." };
        lines.AddRange(central.Select(e => $"export {e.Name}={Templates.Escape.ShellWord(e.Value)}"));
        lines.Add($"export OLLAMA_HOST={Templates.Escape.ShellWord(ollamaUrl)}");
        return string.Join("\n", lines) + "\n";
    }

    // One options object for all users: a new one per call rebuilt System.Text.Json's metadata each time.
    private static readonly JsonSerializerOptions ZedJson = new() { WriteIndented = true, IndentSize = 2 };

    /// <summary>Zed's settings: its Ollama provider pointed at the user's Ollama (local if they run one, else central).</summary>
    private static string ZedSettings(PlatformModel model, string ollamaUrl)
    {
        var models = (model.Service("ollama")?.Models ?? []).Select(m => (JsonNode)new JsonObject
        {
            ["name"] = m,
            ["display_name"] = m,
            ["max_tokens"] = 32768,
        }).ToArray();
        var settings = new JsonObject
        {
            ["language_models"] = new JsonObject
            {
                ["ollama"] = new JsonObject { ["api_url"] = ollamaUrl, ["available_models"] = new JsonArray(models) },
            },
            ["telemetry"] = new JsonObject { ["diagnostics"] = false, ["metrics"] = false },
        };
        if (models.Length > 0)
        {
            settings["agent"] = new JsonObject
            {
                ["default_model"] = new JsonObject { ["provider"] = "ollama", ["model"] = model.Service("ollama")!.Models[0] },
            };
        }

        return settings.ToJsonString(ZedJson) + "\n";
    }
}
