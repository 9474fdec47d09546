using Spectre.Console;
using Werkbank.Authoring.Remote;
using Werkbank.Diagnostics;

namespace Werkbank.Apply.Gitlab;

/// <summary>What `apply gitlab` was asked to do; <see cref="Target"/> is shown (the URL, or why there is none).</summary>
public sealed record GitLabApplyOptions(bool Apply, bool Prune, string Target);

/// <summary>
/// `apply gitlab`: reads the planned groups from GitLab, prints one line per step, and (with --apply)
/// executes the changes. Exit codes as `apply qdrant`: 0 in sync or applied, 3 dry run with changes
/// pending, 4 drift (a user without a GitLab account, an Owner the plan ranks lower), 5 GitLab failed or refused.
/// </summary>
public static class GitLabApply
{
    public const int InSyncExit = 0;
    public const int WouldChange = 3;
    public const int DriftFound = 4;
    public const int RemoteError = 5;

    /// <summary>Runs against <paramref name="client"/>; null means "no token": compare with an empty GitLab (dry run only).</summary>
    public static async Task<int> RunAsync(GitLabPlan plan, GitLabGroupsClient? client, GitLabApplyOptions options, IAnsiConsole console,
        Action<Diagnostic>? printError, CancellationToken cancellationToken)
    {
        var dryRun = !options.Apply;
        console.WriteLine($"GitLab plan: {plan.Groups.Length} group(s), {plan.Groups.Sum(g => g.Members.Length)} membership(s), {plan.BlockedUsers.Length} user(s) to block; GitLab: {options.Target}");
        console.WriteLine(dryRun
            ? "Dry run: nothing is changed. Run 'apply gitlab --apply' to make the changes marked + ~ -."
            : "Applying: creating and changing what is marked + ~" + (options.Prune ? " and removing the members marked -." : "; no member is removed without --prune."));
        console.WriteLine();

        var steps = System.Collections.Immutable.ImmutableArray<GitLabStep>.Empty;
        try
        {
            var live = client is null ? LiveGitLab.Empty : await GitLabReconciler.ReadLiveAsync(plan, client, cancellationToken).ConfigureAwait(false);
            steps = GitLabReconciler.Diff(plan, live, options.Prune);
            if (dryRun || client is null)
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

                await GitLabReconciler.ExecuteAsync(steps, live, client, step => console.WriteLine(step.Describe(dryRun: false)), cancellationToken).ConfigureAwait(false);
            }

            return Summarize(console, steps, dryRun);
        }
        catch (RemoteException ex)
        {
            console.WriteLine();
            if (printError is null)
            {
                console.WriteLine($"error {ex.Diagnostic.Code}: {ex.Diagnostic.Message}");
            }
            else
            {
                printError(ex.Diagnostic);
            }

            console.WriteLine("Nothing after this step was changed; running again is safe: finished steps show as in sync.");
            return RemoteError;
        }
    }

    private static int Summarize(IAnsiConsole console, IReadOnlyCollection<GitLabStep> steps, bool dryRun)
    {
        var groups = steps.OfType<CreateGroup>().Count();
        var adds = steps.OfType<AddMember>().Count();
        var changes = steps.OfType<ChangeLevel>().Count();
        var removes = steps.OfType<RemoveMember>().Count();
        var blocks = steps.OfType<SetBlocked>().Count();
        var drifts = steps.OfType<Drift>().Count();
        var kept = steps.OfType<Unplanned>().Count();
        console.WriteLine();
        console.WriteLine($"{(dryRun ? "Would" : "Done:")} create {groups} group(s), add {adds} member(s), change {changes} level(s), remove {removes} member(s), " +
                          $"block or unblock {blocks} user(s); {drifts} drift(s), {kept} other member(s) left alone.");
        if (drifts > 0)
        {
            return DriftFound;
        }

        return dryRun && steps.Any(s => s.Changes) ? WouldChange : InSyncExit;
    }
}
