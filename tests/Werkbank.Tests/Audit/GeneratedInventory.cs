using System.Globalization;
using System.Text;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Audit;

/// <summary>
/// A large inventory written from a seed (roles, services and platform of the example; generated hosts,
/// teams and users with mixed states and awkward full names), for the audit at scale.
/// </summary>
internal static class GeneratedInventory
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPHEth/70iZrGUmI9Ia3ESYxacgHMudp9KYIXxBH7GPX";

    private static readonly string[] Names = ["Anna", "Jürgen", "Zoë", "Niamh", "Łukasz", "Ana-María", "François", "Søren"];

    private static readonly string[] Surnames = ["O'Brien", "Müller", "Ångström", "\"Mac\" Donald", "Smith & Sons", "<Tag> Lee", "van den Berg", "Nowak"];

    public static void Write(string root, int users, string gateway = "traefik", int seed = 42)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "teams"));
        Directory.CreateDirectory(Path.Combine(root, "users"));
        var example = Repo.ExampleInventory;
        File.WriteAllText(Path.Combine(root, "roles.yaml"), File.ReadAllText(Path.Combine(example, "roles.yaml")));
        var services = File.ReadAllText(Path.Combine(example, "services.yaml"));
        File.WriteAllText(Path.Combine(root, "services.yaml"), gateway == "kong" ? services.Replace("traefik:", "kong:", StringComparison.Ordinal) : services);
        File.WriteAllText(Path.Combine(root, "platform.yaml"), File.ReadAllText(Path.Combine(example, "platform.yaml"))
            .Replace("gateway: traefik", $"gateway: {gateway}", StringComparison.Ordinal));
        var hosts = new StringBuilder(File.ReadAllText(Path.Combine(example, "hosts.yaml")));
        for (var h = 3; h <= 3 + (users / 150); h++)
        {
            hosts.Append(CultureInfo.InvariantCulture, $"pve-{h:00}:\n  kind: proxmox\n  address: 10.41.1.{h}\n  cores: 512\n  memory_gib: 4096\n  overcommit: {{ cpu: 4.0, memory: 1.0 }}\n");
        }

        File.WriteAllText(Path.Combine(root, "hosts.yaml"), hosts.ToString());
        var roles = new[] { "developer", "developer", "analyst", "ml-engineer", "platform-admin" };
        var teamCount = Math.Max(3, users / 40);
        var members = new Dictionary<int, List<string>>();
        var lines = new List<(string Name, string Text)>();
        for (var i = 0; i < users; i++)
        {
            var name = $"u{i:0000}";
            var teams = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => random.Next(teamCount)).Distinct().Order().ToList();
            foreach (var team in teams)
            {
                (members.TryGetValue(team, out var list) ? list : members[team] = []).Add(name);
            }

            var state = random.Next(20) switch { 0 => "suspended", 1 => "removed", _ => "active" };
            var fullName = $"{Names[random.Next(Names.Length)]} {Surnames[random.Next(Surnames.Length)]}";
            var text = $"full_name: {Quote(fullName)}\nemail: {name}+ws@acme.example\nrole: {roles[random.Next(roles.Length)]}\n" +
                       $"teams: [{string.Join(", ", teams.Select(t => $"team-{t:000}"))}]\nssh_keys:\n  - {Key} {name}@laptop\nstate: {state}\n";
            lines.Add((name, text));
        }

        foreach (var (name, text) in lines)
        {
            File.WriteAllText(Path.Combine(root, "users", $"{name}.yaml"), text);
        }

        for (var t = 0; t < teamCount; t++)
        {
            var lead = members.TryGetValue(t, out var list) && list.Count > 0 ? $"leads: [{list[0]}]\n" : string.Empty;
            File.WriteAllText(Path.Combine(root, "teams", $"team-{t:000}.yaml"),
                $"description: Team {t} - \"quotes\" & <angles>\n{lead}qdrant:\n  collections: [docs]\ngitlab:\n  group: org/team-{t:000}\n");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
