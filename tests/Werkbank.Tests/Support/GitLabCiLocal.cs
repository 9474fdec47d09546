namespace Werkbank.Tests.Support;

/// <summary>
/// A throwaway copy of the repository (its tracked and new files, as in the working tree), made a
/// git repository with one commit, in which gitlab-ci-local runs jobs of the real .gitlab-ci.yml
/// with the shell executor. Needs gitlab-ci-local from .tools/checkers and rsync.
/// </summary>
public sealed class GitLabCiLocal : IDisposable
{
    private readonly TempDir temp = new("werkbank-glci-");

    private GitLabCiLocal()
    {
    }

    public string RepoRoot => temp.Combine("repo");

    public static GitLabCiLocal Create(Action<string>? change = null)
    {
        var bin = ExternalTool.Require(Repo.Path(".tools", "checkers", "node_modules", ".bin", "gitlab-ci-local"));
        ExternalTool.Require("rsync");
        ExternalTool.Require("git");
        var ci = new GitLabCiLocal { Bin = bin };
        Directory.CreateDirectory(ci.RepoRoot);
        Directory.CreateDirectory(ci.temp.Combine("home"));
        var files = ExternalTool.Run("git", ["ls-files", "-co", "--exclude-standard"]).StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.Exists(Repo.Path(f)));
        foreach (var file in files)
        {
            var target = Path.Combine(ci.RepoRoot, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Repo.Path(file), target);
        }

        change?.Invoke(ci.RepoRoot);
        foreach (var args in new[]
        {
            new[] { "init", "-q", "-b", "main" },
            ["config", "user.name", "werkbank-test"],
            ["config", "user.email", "test@localhost"],
            ["config", "commit.gpgsign", "false"],
            ["add", "-A"],
            ["commit", "-qm", "test"],
        })
        {
            var result = ExternalTool.Run("git", args, ci.RepoRoot);
            Assert.True(result.ExitCode == 0, result.Output);
        }

        return ci;
    }

    private string Bin { get; init; } = string.Empty;

    /// <summary>The commit the copy starts with (the merge request's base in plan tests).</summary>
    public string Head => ExternalTool.Run("git", ["rev-parse", "HEAD"], RepoRoot).StdOut.Trim();

    /// <summary>Changes the copy and commits that as a second commit (the merge request's head).</summary>
    public void Commit(Action<string> change)
    {
        change(RepoRoot);
        foreach (var args in new[] { new[] { "add", "-A" }, ["commit", "-qm", "change"] })
        {
            var result = ExternalTool.Run("git", args, RepoRoot);
            Assert.True(result.ExitCode == 0, result.Output);
        }
    }

    public ExternalTool.Result Run(IEnumerable<string> jobs, Dictionary<string, string> variables)
    {
        var args = new List<string> { "--home", temp.Combine("home"), "--force-shell-executor", "--concurrency", "1" };
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        variables.TryAdd("NUGET_PACKAGES", nuget);
        foreach (var (name, value) in variables)
        {
            args.AddRange(["--variable", $"{name}={value}"]);
        }

        args.AddRange(jobs);
        return ExternalTool.Run(Bin, args, RepoRoot, timeout: TimeSpan.FromMinutes(15));
    }

    /// <summary>
    /// What a job left at a path: its exported artifact, else the file or folder in its build folder
    /// (with --shell-isolation), else in the repository (shell jobs run there by default).
    /// </summary>
    public string Artifact(string job, string path)
    {
        string[] candidates =
        [
            Path.Combine(RepoRoot, ".gitlab-ci-local", "artifacts", job, path),
            Path.Combine(RepoRoot, ".gitlab-ci-local", "builds", job, path),
            Path.Combine(RepoRoot, path),
        ];
        return candidates.FirstOrDefault(c => File.Exists(c) || Directory.Exists(c)) ?? candidates[^1];
    }

    public void Dispose() => temp.Dispose();
}
