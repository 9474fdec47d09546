namespace Werkbank.Tests.Support;

/// <summary>
/// The npm-based type checkers in tools/checkers (their node_modules in .tools/checkers, installed by
/// .ci/install-checkers): skipped locally when missing, failing in CI like every real checker.
/// </summary>
public static class Checkers
{
    public static ExternalTool.Result Run(string script, params string[] files)
    {
        var node = ExternalTool.Require("node");
        ExternalTool.Require(Repo.Path(".tools", "checkers", "node_modules", "typescript", "package.json"), "run .ci/install-checkers (npm packages of tools/checkers)");
        return ExternalTool.Run(node, [Repo.Path("tools", "checkers", script), .. files]);
    }
}
