using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

/// <summary>Rules on what roles and teams grant, so that the access compiled into every system is the one the admin meant.</summary>
internal static class AccessRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        foreach (var (name, role) in set.Roles)
        {
            foreach (var (service, level) in role.Access)
            {
                var span = role.SpanOfEntry("access", service);
                if (ServiceCatalog.IsInfrastructure(service))
                {
                    found.Add(DiagnosticBuilder.At(span).AccessToPlumbing(service));
                }
                else if (ServiceCatalog.IsKnown(service) && level != "none" && !set.Services.ContainsKey(service))
                {
                    found.Add(DiagnosticBuilder.At(span).AccessToUndeployedService(name, service));
                }
            }

            foreach (var service in role.RateLimits.Keys.Where(s => s != "default" && ServiceCatalog.IsKnown(s)))
            {
                var level = role.Access.TryGetValue(service, out var own) ? own
                    : ServiceCatalog.IsInfrastructure(service) ? "none"
                    : role.Access.GetValueOrDefault("*") ?? (service == ServiceCatalog.VmDoor ? "user" : "none");
                if (level == "none")
                {
                    found.Add(DiagnosticBuilder.At(role.SpanOfEntry("rate_limits", service)).RateLimitWithoutAccess(name, service));
                }
            }
        }

        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, team) in set.Teams.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var group = team.Gitlab?.Group ?? name;
            if (!groups.TryAdd(group, name))
            {
                found.Add(DiagnosticBuilder.At(team.Gitlab?.SpanOf("group") ?? team.Span).SharedGitlabGroup(group, groups[group]));
            }
        }
    }
}
