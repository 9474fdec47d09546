using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Kubernetes;

namespace Werkbank.Targets.Helm;

/// <summary>
/// out/helm/&lt;service&gt;/values.yaml for every service placed on a Kubernetes host, and
/// out/helm/helmfile.yaml with the chart repositories and pinned chart versions, one release per
/// service in the services namespace, on the kube context of its host.
/// </summary>
public sealed class HelmTarget : ITarget
{
    public string Name => "helm";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var placed = model.Services.Where(s => s.HostKind == HostKind.Kubernetes && HelmCharts.Has(s.Name)).ToList();
        if (placed.Count == 0)
        {
            return;
        }

        foreach (var service in placed)
        {
            var header = $"# Helm values for {service.Name} (chart {HelmCharts.All[service.Name].Chart} {HelmCharts.All[service.Name].Version}), rendered by Werkbank.\n" +
                         "# ${NAME} placeholders are filled from CI variables before helmfile runs.";
            output.Add(OutputFile.Serialized($"helm/{service.Name}/values.yaml", YamlText.Serialize(HelmCharts.Values(model, service), header),
                Source.Service(service.Name), Source.Host(service.HostName), Source.Platform));
        }

        var repositories = placed.Select(s => HelmCharts.All[s.Name]).DistinctBy(c => c.Repository).OrderBy(c => c.Repository, StringComparer.Ordinal)
            .Select(c => (object?)HelmCharts.Map(("name", c.Repository), ("url", c.RepositoryUrl))).ToList();
        var releases = placed.Select(s =>
        {
            var chart = HelmCharts.All[s.Name];
            var release = HelmCharts.Map(
                ("name", s.Name),
                ("namespace", TeamNamespacesTarget.ServicesNamespace(model)),
                ("createNamespace", true),
                ("chart", $"{chart.Repository}/{chart.Chart}"),
                ("version", chart.Version),
                ("values", new[] { $"./{s.Name}/values.yaml" }));
            if (model.Host(s.HostName).Context is { } kubeContext)
            {
                release["kubeContext"] = kubeContext;
            }

            return (object?)release;
        }).ToList();
        var helmfile = YamlText.Map();
        helmfile["repositories"] = repositories;
        helmfile["releases"] = releases;
        output.Add(OutputFile.Text("helm/helmfile.yaml",
            YamlText.Serialize(helmfile, "# Central services on Kubernetes, rendered by Werkbank. Apply: helmfile apply (after filling ${NAME} placeholders)."),
            placed.Select(s => Source.Service(s.Name)).Append(Source.Platform)));
    }
}
