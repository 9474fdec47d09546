namespace Werkbank.Diagnostics;

/// <summary>
/// INV0616–INV0630: `apply gitlab`, which makes GitLab's groups, members and blocked users match
/// out/gitlab/plan.json through the REST API. Network failures reuse INV0613, other refusals INV0614.
/// </summary>
public readonly partial struct At
{
    public Diagnostic ApplyGitlabUnauthorized(string gitlab) =>
        Error("INV0616", $"{gitlab} rejected GITLAB_TOKEN (401 Unauthorized)",
            "Set GITLAB_TOKEN to a token of a GitLab admin (api scope; in CI the variable GITLAB_APPLY_TOKEN), then run again: finished steps show as in sync.");

    public Diagnostic ApplyGitlabForbidden(string gitlab, string step, string detail) =>
        Error("INV0617", $"{gitlab} does not allow the token to {step} (403 Forbidden): {detail}",
            "Creating top-level groups and blocking users need an admin token; members need Owner of the group. Run again after fixing the token.");

    public Diagnostic ApplyGitlabNotFound(string gitlab, string what) =>
        Error("INV0618", $"{gitlab} does not know {what} (404 Not Found)",
            "Check GITLAB_URL (the GitLab the plan is for, without /api/v4) and that the token can see it.");

    public Diagnostic ApplyGitlabUnavailable(string gitlab, string step, int status, int attempts, string detail) =>
        Error("INV0619", $"{gitlab} failed to {step} ({status}) after {attempts} attempt(s): {detail}",
            "GitLab is unavailable or overloaded; running again is safe: finished steps show as in sync.");
}
