using System.Globalization;
using Werkbank.Output;

namespace Werkbank.Targets.Compose;

/// <summary>
/// One compose service under construction. Recipes fill it in; <see cref="ToYaml"/> turns it into
/// plain data in a fixed key order, so that every compose file reads the same way.
/// </summary>
internal sealed class Container(string name, string image)
{
    public string Name { get; } = name;

    public string Image { get; } = image;

    public string Restart { get; set; } = "unless-stopped";

    public IReadOnlyList<string>? Entrypoint { get; set; }

    public IReadOnlyList<string>? Command { get; set; }

    public string? User { get; set; }

    public SortedDictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Named volumes (<c>name</c> -> mount path); declared at the top level of the file.</summary>
    public SortedDictionary<string, string> Volumes { get; } = new(StringComparer.Ordinal);

    /// <summary>Read-only bind mounts of other rendered files (relative to the compose file) -> mount path.</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Bind mounts of rendered files the container must be able to chmod (GitLab's trusted-certs): not read-only.</summary>
    public SortedDictionary<string, string> WritableFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Published ports: only the gateway and the edge relay may have any.</summary>
    public List<string> Ports { get; } = [];

    public SortedDictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>Containers this one waits for, with the condition (service_healthy, service_started, ...).</summary>
    public SortedDictionary<string, string> DependsOn { get; } = new(StringComparer.Ordinal);

    /// <summary>The healthcheck command (CMD or CMD-SHELL form); null means the image cannot check itself.</summary>
    public IReadOnlyList<string>? Healthcheck { get; set; }

    public string HealthStartPeriod { get; set; } = "30s";

    public double Cpus { get; set; } = 1.0;

    public int MemoryMib { get; set; } = 1024;

    public int Gpus { get; set; }

    public Container Env(string key, string value)
    {
        Environment[key] = value;
        return this;
    }

    public Container WaitsFor(string container, string condition = "service_healthy")
    {
        DependsOn[container] = condition;
        return this;
    }

    public Container Limits(double cpus, int memoryMib)
    {
        Cpus = cpus;
        MemoryMib = memoryMib;
        return this;
    }

    public OrderedDictionary<string, object?> ToYaml()
    {
        var map = YamlText.Map();
        map["image"] = Image;
        map["restart"] = Restart;
        if (User is not null)
        {
            map["user"] = User;
        }

        if (Entrypoint is not null)
        {
            map["entrypoint"] = Entrypoint;
        }

        if (Command is not null)
        {
            map["command"] = Command;
        }

        if (Environment.Count > 0)
        {
            map["environment"] = Environment;
        }

        var mounts = Volumes.Select(v => $"{v.Key}:{v.Value}").Concat(Files.Select(f => $"{f.Key}:{f.Value}:ro"))
            .Concat(WritableFiles.Select(f => $"{f.Key}:{f.Value}")).ToList();
        if (mounts.Count > 0)
        {
            map["volumes"] = mounts;
        }

        if (Ports.Count > 0)
        {
            map["ports"] = Ports;
        }

        if (Labels.Count > 0)
        {
            map["labels"] = Labels;
        }

        if (DependsOn.Count > 0)
        {
            var depends = YamlText.Map();
            foreach (var (other, condition) in DependsOn)
            {
                var entry = YamlText.Map();
                entry["condition"] = condition;
                depends[other] = entry;
            }

            map["depends_on"] = depends;
        }

        if (Healthcheck is not null)
        {
            var health = YamlText.Map();
            health["test"] = Healthcheck;
            health["interval"] = "30s";
            health["timeout"] = "10s";
            health["retries"] = 5;
            health["start_period"] = HealthStartPeriod;
            map["healthcheck"] = health;
        }

        map["deploy"] = Deploy();
        return map;
    }

    private OrderedDictionary<string, object?> Deploy()
    {
        var limits = YamlText.Map();
        limits["cpus"] = Cpus.ToString("0.0##", CultureInfo.InvariantCulture);
        limits["memory"] = MemoryMib % 1024 == 0 ? $"{MemoryMib / 1024}G" : $"{MemoryMib}M";
        var resources = YamlText.Map();
        resources["limits"] = limits;
        if (Gpus > 0)
        {
            var device = YamlText.Map();
            device["driver"] = "nvidia";
            device["count"] = Gpus;
            device["capabilities"] = new[] { "gpu" };
            var reservations = YamlText.Map();
            reservations["devices"] = new[] { device };
            resources["reservations"] = reservations;
        }

        var deploy = YamlText.Map();
        deploy["resources"] = resources;
        return deploy;
    }

    /// <summary>A TCP probe through bash's /dev/tcp, for images without curl or wget.</summary>
    public static IReadOnlyList<string> TcpProbe(int port) => ["CMD", "bash", "-c", $":> /dev/tcp/127.0.0.1/{port}"];

    public static IReadOnlyList<string> WgetProbe(string url) => ["CMD", "wget", "-q", "--spider", url];

    public static IReadOnlyList<string> CurlProbe(string url) => ["CMD", "curl", "-fsS", "-o", "/dev/null", url];
}
