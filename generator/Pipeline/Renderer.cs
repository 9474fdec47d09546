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
            catch (AggregateException ex)
            {
                // Targets render users in parallel; report each distinct failure once.
                foreach (var inner in ex.Flatten().InnerExceptions.DistinctBy(e => e.Message))
                {
                    diagnostics.Add(Describe(target, inner));
                }
            }
            catch (Exception ex) when (ex is TemplateException or InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException)
            {
                diagnostics.Add(Describe(target, ex));
            }
        });

        var files = sink.ToSortedArray();
        if (diagnostics.HasErrors)
        {
            return ([], diagnostics.ToSortedArray());
        }

        diagnostics.AddRange(ParseBack.Check(files, parallelism));
        return (files, diagnostics.ToSortedArray());
    }

    private static Diagnostic Describe(ITarget target, Exception exception) => exception is TemplateException
        ? DiagnosticBuilder.At(SourceSpan.None).TemplateFailed(exception.Message)
        : DiagnosticBuilder.At(SourceSpan.None).TargetFailed(target.Name, $"{exception.GetType().Name}: {exception.Message}");
}
