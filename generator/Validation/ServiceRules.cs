using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

internal static class ServiceRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        foreach (var (name, service) in set.Services)
        {
            if (!ServiceCatalog.IsKnown(name))
            {
                found.Add(DiagnosticBuilder.At(service.Span).UnknownService(name, ServiceCatalog.All));
                continue;
            }

            if (service.Has("on") && set.IsLoaded(InventoryFiles.Hosts)) // no usable hosts.yaml: INV0007 or its own error says it once
            {
                if (!set.Hosts.TryGetValue(service.On, out var host))
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("on")).UnknownHost(service.On, set.Hosts.Keys));
                }
                else if (host.Kind is not ("docker" or "kubernetes"))
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("on")).WrongHostKind(service.On, host.Kind, "a docker or kubernetes host"));
                }
                else if (service.Gpus is > 0 && host.Kind == "docker" && service.Gpus > host.Gpus.Count)
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("gpus")).NotEnoughHostGpus(service.On, service.Gpus.Value, host.Gpus.Count));
                }
            }

            if (name != "ollama")
            {
                if (service.Has("models"))
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("models")).KeyOnlyForService("models", "ollama"));
                }

                if (service.Has("gpus"))
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("gpus")).KeyOnlyForService("gpus", "ollama"));
                }
            }

            TextRules.CheckPlain("version", service.Version, service.SpanOf("version"), found, 64);
            if (service.Version is { } version && !System.Text.RegularExpressions.Regex.IsMatch(version, "^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\\z"))
            {
                found.Add(DiagnosticBuilder.At(service.SpanOf("version")).InvalidText("'version'", "may hold only letters, digits, '.', '_', '+' and '-'"));
            }

            for (var i = 0; i < service.Models.Count; i++)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(service.Models[i], "^[a-z0-9][a-z0-9._/-]{0,80}(:[A-Za-z0-9._-]{1,64})?\\z"))
                {
                    found.Add(DiagnosticBuilder.At(service.SpanOf("models", i)).InvalidText($"model '{service.Models[i]}'", "is not an Ollama model name like llama3.1:8b"));
                }
            }
        }

        RequireService(set, "keycloak", "every service logs users in through Keycloak", found);
        if (set.Platform is { } platform)
        {
            RequireService(set, platform.Gateway, $"platform.gateway is '{platform.Gateway}'", found);
        }
    }

    private static void RequireService(InventorySet set, string service, string why, List<Diagnostic> found)
    {
        if (set.Files.ContainsKey(InventoryFiles.Services) && !set.Services.ContainsKey(service))
        {
            found.Add(DiagnosticBuilder.At(SourceSpan.StartOf(InventoryFiles.Services)).RequiredServiceMissing(service, why));
        }
    }
}
