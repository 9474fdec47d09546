using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

internal static class RoleRules
{
    public static readonly string[] AccessLevels = ["none", "user", "editor", "admin"];

    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        var flavors = set.Platform?.Flavors.Keys ?? [];
        foreach (var (name, role) in set.Roles)
        {
            TextRules.CheckPlain("description", role.Description, role.SpanOf("description"), found);
            if (role.Flavor is { } flavor && set.Platform is not null && !set.Platform.Flavors.ContainsKey(flavor))
            {
                found.Add(DiagnosticBuilder.At(role.SpanOf("flavor")).UnknownFlavor(flavor, flavors));
            }

            LocalList.Check(role.Local, role, "local", found);
            foreach (var (service, level) in role.Access)
            {
                var span = role.SpanOfEntry("access", service);
                if (service != "*" && !ServiceCatalog.IsKnown(service))
                {
                    found.Add(DiagnosticBuilder.At(span).UnknownService(service, ServiceCatalog.All));
                }

                if (!AccessLevels.Contains(level, StringComparer.Ordinal))
                {
                    found.Add(DiagnosticBuilder.At(span).InvalidAccessLevel(level));
                }
            }

            foreach (var (service, limit) in role.RateLimits)
            {
                var span = role.SpanOfEntry("rate_limits", service);
                if (service != "default" && !ServiceCatalog.IsKnown(service))
                {
                    found.Add(DiagnosticBuilder.At(span).UnknownService(service, ServiceCatalog.All.Append("default")));
                }

                if (limit <= 0)
                {
                    found.Add(DiagnosticBuilder.At(span).InvalidRateLimit(limit));
                }
            }
        }
    }
}

/// <summary>Checks a list of local services: known, runnable in a VM, listed once.</summary>
internal static class LocalList
{
    public static void Check(IReadOnlyList<string> services, Werkbank.Inventory.Documents.InventoryNode owner, string key, List<Diagnostic> found)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < services.Count; i++)
        {
            var span = owner.SpanOf(key, i);
            var service = services[i];
            if (!ServiceCatalog.IsKnown(service))
            {
                found.Add(DiagnosticBuilder.At(span).UnknownService(service, ServiceCatalog.Local));
            }
            else if (!ServiceCatalog.Local.Contains(service, StringComparer.Ordinal))
            {
                found.Add(DiagnosticBuilder.At(span).NotALocalService(service, ServiceCatalog.Local));
            }

            if (!seen.Add(service))
            {
                found.Add(DiagnosticBuilder.At(span).ListedTwice(service));
            }
        }
    }
}
