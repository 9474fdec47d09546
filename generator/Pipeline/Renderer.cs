using System.Collections.Immutable;
using Werkbank.Diagnostics;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets;
using Werkbank.Templates;

namespace Werkbank.Pipeline;

/// <summary>The back half: run every target over the model, then parse every structured file back.</summary>
public static class Renderer
{
    public static (ImmutableArray<OutputFile> Files, ImmutableArray<Diagnostic> Diagnostics) Render(
        PlatformModel model, TemplateSet templates, int parallelism, IReadOnlyList<ITarget>? targets = null)
    {
        var context = new RenderContext(model, templates) { Parallelism = parallelism };
        var sink = new OutputSink();
        var diagnostics = new DiagnosticBag();
        Parallel.ForEach(targets ?? TargetRegistry.All, context.ParallelOptions, target =>
        {
            try
            {
                target.Render(context, sink);
            }
            catch (TemplateException ex)
            {
                diagnostics.Add(DiagnosticBuilder.At(SourceSpan.None).TemplateFailed(ex.Message));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Any failure of one target is a diagnostic (and out/ stays unchanged), never a crash.
                diagnostics.Add(DiagnosticBuilder.At(SourceSpan.None).TargetFailed(target.Name, $"{ex.GetType().Name}: {ex.Message}"));
            }
        });

        var files = sink.ToSortedArray();
        diagnostics.AddRange(ParseBack.Check(files, parallelism));
        return (files, diagnostics.ToSortedArray());
    }
}
