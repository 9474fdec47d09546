using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

/// <summary>Where central services may run: charts exist for some services only, one gateway, replicas only on Kubernetes.</summary>
internal static class PlacementRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        foreach (var (name, service) in set.Services)
        {
            if (!ServiceCatalog.IsKnown(name) || !set.Hosts.TryGetValue(service.On, out var host))
            {
                continue; // reported by ServiceRules
            }

            if (host.Kind == "kubernetes" && !ServicePlacement.CanRunOnKubernetes(name))
            {
                found.Add(DiagnosticBuilder.At(service.SpanOf("on")).NoKubernetesChart(name, service.On, ServicePlacement.Kubernetes));
            }

            if (host.Kind == "kubernetes" && service.Replicas is > 1 && !ServicePlacement.CanScaleOnKubernetes(name))
            {
                found.Add(DiagnosticBuilder.At(service.SpanOf("replicas")).SingleReplicaOnly(name, service.Replicas.Value));
            }

            if (host.Kind == "docker" && service.Replicas is > 1)
            {
                found.Add(DiagnosticBuilder.At(service.SpanOf("replicas")).ReplicasOnDocker(name, service.Replicas.Value, service.On));
            }
        }

        if (set.Platform is { } platform && platform.Gateway is "traefik" or "kong")
        {
            var other = platform.Gateway == "traefik" ? "kong" : "traefik";
            if (set.Services.TryGetValue(other, out var second))
            {
                found.Add(DiagnosticBuilder.At(second.Span).SecondGateway(other, platform.Gateway));
            }
        }
    }
}
