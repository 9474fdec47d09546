using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;

namespace Werkbank.Validation;

/// <summary>Names of users, teams, roles and hosts: valid slugs, not reserved, one DNS name each.</summary>
internal static class NameRules
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
        "www-data", "backup", "list", "irc", "nobody", "systemd-network", "systemd-resolve", "messagebus",
        "sshd", "docker", "admin", "administrator", "debian", "ubuntu", "ollama", "qdrant", "postgres", "werkbank",
    };

    public static bool IsReserved(string name) => Reserved.Contains(name);

    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        CheckAll("host", set.Hosts, found);
        CheckAll("role", set.Roles, found);
        CheckAll("team", set.Teams, found);
        CheckAll("user", set.Users, found);
        foreach (var (name, user) in set.Users)
        {
            if (Reserved.Contains(name))
            {
                found.Add(DiagnosticBuilder.At(user.Span).ReservedName(name));
            }
        }

        // One zone holds <service>, <host> and <user>-ws: a clash would silently shadow a record.
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in set.Services.Keys)
        {
            owners.TryAdd(service, $"service '{service}'");
        }

        foreach (var (name, host) in set.Hosts)
        {
            if (!owners.TryAdd(name, $"host '{name}'"))
            {
                found.Add(DiagnosticBuilder.At(host.Span).DnsNameCollision(name, owners[name]));
            }
        }

        foreach (var (name, user) in set.Users)
        {
            var vm = $"{name}-ws";
            if (!owners.TryAdd(vm, $"the VM of user '{name}'"))
            {
                found.Add(DiagnosticBuilder.At(user.Span).DnsNameCollision(vm, owners[vm]));
            }
        }
    }

    private static void CheckAll<T>(string kind, IReadOnlyDictionary<string, T> items, List<Diagnostic> found)
        where T : InventoryNode
    {
        foreach (var (name, item) in items)
        {
            if (!Slug.IsValid(name))
            {
                found.Add(DiagnosticBuilder.At(item.Span).InvalidName(kind, name));
            }
        }
    }
}
