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
        PlatformModel model, TemplateSet templates, int parallelism, IReadOnlyList<ITarget>? targets = null,
        IReadOnlyDictionary<string, string>? checkedBefore = null, Action<OutputFile>? added = null,
        Action<ImmutableArray<OutputFile>>? beforeChecks = null)
    {
        var context = new RenderContext(model, templates) { Parallelism = parallelism };
        var sink = new OutputSink(added);
        var diagnostics = new DiagnosticBag();
        Parallel.ForEach(targets ?? TargetRegistry.All, context.ParallelOptions, target =>
        {
            try
            {
                PhaseTimer.Measure($"target {target.Name}", () =>
                {
                    target.Render(context, sink);
                    return 0;
                });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Any failure of one target is a diagnostic (and out/ stays unchanged), never a crash.
                // Targets render users in parallel: a template error arrives wrapped, once per user.
                var failures = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [ex];
                foreach (var failure in failures.DistinctBy(f => f.Message))
                {
                    diagnostics.Add(failure is TemplateException
                        ? DiagnosticBuilder.At(SourceSpan.None).TemplateFailed(failure.Message)
                        : DiagnosticBuilder.At(SourceSpan.None).TargetFailed(target.Name, $"{failure.GetType().Name}: {failure.Message}"));
                }
            }
        });

        var files = sink.ToSortedArray();
        if (diagnostics.HasErrors)
        {
            return ([], diagnostics.ToSortedArray());
        }

        beforeChecks?.Invoke(files); // e.g. EarlyStaging.PrepareManifest, which works while the files are parsed back
        diagnostics.AddRange(PhaseTimer.Measure("parse back", () => ParseBack.Check(files, parallelism, checkedBefore)));
        return (files, diagnostics.ToSortedArray());
    }
}
