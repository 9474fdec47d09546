using System.Collections.Concurrent;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.CloudInit;

/// <summary>
/// The services a user runs inside their own VM, as /opt/workspace/docker-compose.yml.
/// Ports are bound to 127.0.0.1 only: a local service is for its user, not for the network.
/// </summary>
internal static class LocalServices
{
    public sealed record LocalPort(string Service, int Port, string Url);

    private static readonly Dictionary<string, (int HostPort, int ContainerPort, string Volume, string DataPath)> Shapes = new(StringComparer.Ordinal)
    {
        ["ollama"] = (11434, 11434, "ollama", "/root/.ollama"),
        ["qdrant"] = (6333, 6333, "qdrant", "/qdrant/storage"),
        ["open-webui"] = (3000, 8080, "open-webui", "/app/backend/data"),
        ["searxng"] = (8888, 8080, "searxng", "/etc/searxng"),
        ["n8n"] = (5678, 5678, "n8n", "/home/node/.n8n"),
        ["flowise"] = (3001, 3000, "flowise", "/root/.flowise"),
    };

    public static IReadOnlyList<LocalPort> Ports(UserModel user) =>
        [.. user.Local.Where(Shapes.ContainsKey).Select(s => new LocalPort(s, Shapes[s].HostPort, $"http://127.0.0.1:{Shapes[s].HostPort}"))];

    /// <param name="bodies">
    /// Compose files by set of local services, for one render: the file differs between users only in
    /// its header, and serializing it for each of 10,000 users was a quarter of the cloud-init target.
    /// </param>
    public static string Compose(UserModel user, PlatformModel model, ConcurrentDictionary<string, string> bodies) =>
        $"# Local services of {user.Name}, rendered by Werkbank. Ports listen on 127.0.0.1 only.\n"
        + bodies.GetOrAdd(string.Join(',', user.Local), _ => Body(user.Local, model));

    /// <summary>
    /// The compose file without its header. It takes the local services, not the user, so that nothing
    /// of one user can end up in the file shared with others.
    /// </summary>
    private static string Body(IReadOnlyList<string> local, PlatformModel model)
    {
        var localOllama = local.Contains("ollama", StringComparer.Ordinal);
        var services = YamlText.Map();
        var volumes = YamlText.Map();
        foreach (var name in local.Where(Shapes.ContainsKey))
        {
            var shape = Shapes[name];
            var service = YamlText.Map();
            service["image"] = ServiceImages.ImageOf(name);
            service["restart"] = "unless-stopped";
            service["ports"] = new[] { $"127.0.0.1:{shape.HostPort}:{shape.ContainerPort}" };
            service["volumes"] = new[] { $"{shape.Volume}:{shape.DataPath}" };
            if (name == "open-webui")
            {
                var environment = YamlText.Map();
                environment["OLLAMA_BASE_URL"] = localOllama ? "http://ollama:11434" : $"https://{model.Fqdn("ollama")}";
                environment["WEBUI_AUTH"] = "false";
                service["environment"] = environment;
            }

            services[name] = service;
            volumes[shape.Volume] = YamlText.Map();
        }

        // The models Zed is configured with must exist in the local Ollama too: pull them once it answers.
        var models = model.Service("ollama")?.Models ?? [];
        if (localOllama && models.Length > 0)
        {
            var pull = YamlText.Map();
            pull["image"] = ServiceImages.ImageOf("ollama");
            pull["restart"] = "no";
            pull["entrypoint"] = new[] { "/bin/sh", "-c" };
            pull["command"] = new[] { "until ollama list >/dev/null 2>&1; do sleep 2; done; " + string.Join(" && ", models.Select(m => $"ollama pull {Templates.Escape.ShellWord(m)}")) };
            var environment = YamlText.Map();
            environment["OLLAMA_HOST"] = "http://ollama:11434";
            pull["environment"] = environment;
            pull["depends_on"] = new[] { "ollama" };
            services["ollama-models"] = pull;
        }

        var compose = YamlText.Map();
        compose["version"] = "3.8";
        compose["services"] = services;
        compose["volumes"] = volumes;
        return YamlText.Serialize(compose);
    }
}
