using System.Globalization;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Access;

/// <summary>
/// "Why can this user reach this?": the user's effective role, teams, VM, local services and, for each central
/// service, the level and the inventory file:line that grants it. Built from the model (the one decision) and
/// the loaded inventory (for the lines of the user's own file).
/// </summary>
public static class Explanation
{
    public static IReadOnlyList<string> For(PlatformModel model, InventorySet inventory, UserModel user)
    {
        var doc = inventory.Users[user.Name];
        var lines = new List<string>
        {
            $"user {user.Name}: {user.FullName} <{user.Email}>, {State(user)}    {doc.Span}",
            $"role {user.Role}    {doc.SpanOf("role")} -> {model.Role(user.Role).Source}",
        };
        if (user.Teams.IsEmpty)
        {
            lines.Add("teams: none");
        }

        for (var i = 0; i < user.Teams.Length; i++)
        {
            var team = model.Team(user.Teams[i]);
            var lead = team.Leads.Contains(user.Name, StringComparer.Ordinal) ? " (lead)" : string.Empty;
            var index = doc.Teams.ToList().IndexOf(team.Name);
            lines.Add($"team {team.Name}{lead}: gitlab group {team.GitlabGroup}    {doc.SpanOf("teams", index)}");
        }

        if (user.State == UserState.Removed)
        {
            lines.Add("VM: marked for destruction (removed); no access anywhere");
            return lines;
        }

        var vm = user.Allocation is { } allocation
            ? string.Create(CultureInfo.InvariantCulture, $"VM {model.Fqdn(user.VmName)}: {user.Flavor.Name} ({user.Flavor.Cores} cores, {user.Flavor.MemoryGib} GiB, {user.Flavor.DiskGib} GiB disk), {allocation.Address} on {allocation.Host}, id {allocation.VmId}, {user.Gpus} GPU(s)")
            : $"VM {model.Fqdn(user.VmName)}: not allocated yet";
        lines.Add(vm + (user.State == UserState.Suspended ? ", stopped (suspended)" : string.Empty));
        lines.Add($"local services: {(user.Local.IsEmpty ? "none" : string.Join(", ", user.Local))}    {(doc.Local is null ? $"role {user.Role} ({model.Role(user.Role).Source})" : doc.SpanOf("local").ToString())}");
        lines.Add(user.State == UserState.Suspended
            ? "central services (suspended: disabled in Keycloak, no gateway consumer, no Guacamole connection; grants kept on paper):"
            : "central services:");
        var role = model.Role(user.Role);
        var width = model.Services.Select(s => s.Name.Length).DefaultIfEmpty(8).Max();
        foreach (var service in model.Services.Where(s => !ServiceCatalog.IsInfrastructure(s.Name)))
        {
            var name = service.Name.PadRight(width);
            if (!user.Access.TryGetValue(service.Name, out var grant))
            {
                lines.Add($"  {name}  none      (role {user.Role} does not grant it)");
                continue;
            }

            var limit = role.RateLimitFor(service.Name) is { } perMinute ? string.Create(CultureInfo.InvariantCulture, $", {perMinute}/min") : string.Empty;
            lines.Add($"  {name}  {AccessNames.Level(grant.Level),-8}  {grant.GrantedBy}  {grant.Reason}{limit}{(service.Public ? ", public" : string.Empty)}");
        }

        return lines;
    }

    private static string State(UserModel user) => user.State.ToString().ToLowerInvariant();
}
