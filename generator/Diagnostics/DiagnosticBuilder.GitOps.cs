namespace Werkbank.Diagnostics;

/// <summary>
/// INV06xx: the GitOps loop — the plan's base, the authoring commands (new-user, suspend-user,
/// remove-user) and the remote (GitLab, GitHub) they open merge requests on.
/// </summary>
public readonly partial struct At
{
    public Diagnostic BaseUnreadable(string what, string detail) =>
        Error("INV0601", $"cannot read the base inventory {what}: {detail}",
            "Fetch the base first (git fetch origin <branch>), or pass --base-inventory DIR.");

    public Diagnostic BaseHasErrors(int errors) =>
        Error("INV0602", $"the base inventory has {errors} error(s), so there is nothing to compare with",
            "Fix the base branch first, or compare with another --base-ref.");

    public Diagnostic UserExists(string user) =>
        Error("INV0603", $"user '{user}' already exists", $"Edit users/{user}.yaml instead, or choose another user name.");

    public Diagnostic NoSuchUser(string user, IEnumerable<string> known) =>
        Error("INV0604", $"there is no user '{user}'{Suggest.DidYouMean(user, known)}");

    public Diagnostic UserAlreadyInState(string user, string state) =>
        Error("INV0605", $"user '{user}' is already {state}");

    public Diagnostic InvalidAnswer(string option, string reason) =>
        Error("INV0606", $"{option}: {reason}");

    public Diagnostic NoFreeGpu(int asked, int free) =>
        Error("INV0607", $"{asked} GPU(s) asked, but the Proxmox hosts have {free} free", "Ask for fewer GPUs, or free one first.");

    public Diagnostic NewUserInvalid(string detail) =>
        Error("INV0608", $"the new user file does not validate: {detail}", "The file was not kept; nothing changed.");

    public Diagnostic RemoteUnauthorized(string remote, string tokenVariable) =>
        Error("INV0610", $"{remote} rejected the token (401 Unauthorized)",
            $"Set {tokenVariable} to a token with api scope (write access to the repository), then retry.");

    public Diagnostic RemoteNotFound(string remote, string what) =>
        Error("INV0611", $"{remote} does not know {what} (404 Not Found)",
            "Check --project (id or group/name) and that the token can see it, then retry.");

    public Diagnostic RemoteBranchExists(string remote, string branch) =>
        Error("INV0612", $"the branch '{branch}' already exists on {remote}",
            "Someone may already have opened this change: look at its merge request, or retry with --branch <other-name>.");

    public Diagnostic RemoteUnreachable(string remote, string detail) =>
        Error("INV0613", $"cannot reach {remote}: {detail}", "Check the URL and the network (proxy, VPN), then retry.");

    public Diagnostic RemoteFailed(string remote, string step, int status, string detail) =>
        Error("INV0614", $"{remote} refused to {step} ({status}): {detail}");

    public Diagnostic RemoteNotConfigured(string detail) =>
        Error("INV0615", $"no remote to open a merge request on: {detail}",
            "Set GITLAB_URL and GITLAB_TOKEN (and --project), or GITHUB_TOKEN with --project owner/repo.");
}
