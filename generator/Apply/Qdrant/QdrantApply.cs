using Grpc.Core;
using Spectre.Console;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Apply.Qdrant;

/// <summary>What `apply qdrant` was asked to do.</summary>
public sealed record QdrantApplyOptions(bool Apply, bool Prune, string Target);

/// <summary>
/// `apply qdrant`: reads the live collections, prints every step with the reason, and (with --apply)
/// executes the steps that change the cluster. The exit code says what a pipeline needs to know.
/// </summary>
public static class QdrantApply
{
    public const int InSync = 0;
    public const int WouldChange = 3;
    public const int DriftFound = 4;
    public const int ClusterError = 5;

    /// <summary>Runs against <paramref name="api"/>; null means "no cluster configured": compare with an empty one (dry run only).</summary>
    public static async Task<int> RunAsync(QdrantPlan plan, ICollectionApi? api, QdrantApplyOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var dryRun = !options.Apply;
        console.WriteLine($"Qdrant plan: tenancy {plan.Tenancy}, {plan.Collections.Length} collection(s), {plan.Connection.Nodes} node(s); cluster: {options.Target}");
        console.WriteLine(dryRun
            ? "Dry run: nothing is changed. Run 'apply qdrant --apply' to make the changes marked + ~ -."
            : "Applying: creating and updating what is marked + ~" + (options.Prune ? " and deleting what is marked -." : "; nothing is deleted without --prune."));
        console.WriteLine();

        try
        {
            var live = api is null ? [] : await QdrantReconciler.ReadLiveAsync(api, cancellationToken).ConfigureAwait(false);
            var steps = QdrantReconciler.Diff(plan, live, options.Prune);
            if (dryRun || api is null)
            {
                foreach (var step in steps)
                {
                    console.WriteLine(step.Describe(dryRun: true));
                }
            }
            else
            {
                foreach (var step in steps.Where(s => !s.Changes))
                {
                    console.WriteLine(step.Describe(dryRun: false));
                }

                await QdrantReconciler.ExecuteAsync(steps, api, step => console.WriteLine(step.Describe(dryRun: false)), cancellationToken).ConfigureAwait(false);
            }

            return Summarize(console, steps, dryRun);
        }
        catch (RpcException ex)
        {
            console.WriteLine();
            console.MarkupLine($"[red]error:[/] Qdrant answered {Markup.Escape(ex.StatusCode.ToString())}: {Markup.Escape(ex.Status.Detail)}");
            console.WriteLine(RetryingCollectionApi.IsTransient(ex)
                ? $"Gave up after {RetryingCollectionApi.MaxAttempts} attempts. Check QDRANT_URL (gRPC, port 6334) and that the cluster is up; running again is safe."
                : "Check QDRANT_API_KEY and the plan; running again is safe: finished steps show as in sync.");
            return ClusterError;
        }
    }

    private static int Summarize(IAnsiConsole console, IReadOnlyCollection<QdrantStep> steps, bool dryRun)
    {
        var creates = steps.OfType<CreateCollection>().Count();
        var indexes = steps.OfType<CreateIndex>().Count();
        var updates = steps.OfType<UpdateCollection>().Count();
        var deletes = steps.OfType<DeleteCollection>().Count();
        var drifts = steps.OfType<Drift>().Count();
        var inSync = steps.OfType<InSync>().Count();
        var kept = steps.OfType<Unplanned>().Count();
        console.WriteLine();
        console.WriteLine($"{(dryRun ? "Would" : "Done:")} create {creates} collection(s) and {indexes} payload index(es), update {updates}, delete {deletes}; " +
                          $"{inSync} in sync, {drifts} drift(s) to fix by hand, {kept} other collection(s) left alone.");
        if (drifts > 0)
        {
            console.WriteLine("Drift (!) is never fixed automatically: it would mean deleting points.");
            return DriftFound;
        }

        return dryRun && steps.Any(s => s.Changes) ? WouldChange : InSync;
    }
}
