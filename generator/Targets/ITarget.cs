using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Templates;

namespace Werkbank.Targets;

/// <summary>
/// One output target (cloud-init, keycloak, dns, ...). A target reads only the resolved model and
/// returns files through the sink: it never reads YAML and never writes to disk.
/// </summary>
public interface ITarget
{
    /// <summary>Short name, also the folder of its templates (templates/&lt;name&gt;/).</summary>
    string Name { get; }

    void Render(RenderContext context, OutputSink output);
}

/// <summary>What every target gets: the model and the templates.</summary>
public sealed record RenderContext(PlatformModel Model, TemplateSet Templates)
{
    /// <summary>Degree of parallelism for per-user work inside a target; 1 makes every render sequential.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = Parallelism };
}
